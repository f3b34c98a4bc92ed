package jp.jukinet.protocol.data;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One 事務 (a task of 別表第一 for which an agency may receive 本人確認情報), as one row of the FY2020
 * provision table. The same agency may hold many.
 *
 * @param id {@code "J01"}…{@code "J68"}, by row order of the table
 * @param agencyId the {@link Agency#id()} it belongs to
 * @param text the 事務区分 exactly as printed (full- and half-width brackets kept)
 * @param fy2020Count 提供件数 in FY2020 (April 2020 – March 2021); 15 rows are 0
 */
public record Jimu(String id, String agencyId, String text, long fy2020Count) {
  private static final Pattern ID = Pattern.compile("J\\d{2}");

  public Jimu {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(agencyId, "agencyId");
    Objects.requireNonNull(text, "text");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("invalid 事務 id '" + id + "': must be 'J' and two digits");
    }
    if (fy2020Count < 0) {
      throw new IllegalArgumentException("事務 " + id + ": count " + fy2020Count + " < 0");
    }
  }
}
