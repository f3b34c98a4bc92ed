package jp.jukinet.protocol.data;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A 提供先: a national agency (国の行政機関等) the national server provides 本人確認情報 to.
 *
 * @param id {@code "A01"}…, numbered in order of first appearance in the FY2020 provision table;
 *     also its certificate code ({@code PeerId} role AGENCY)
 * @param name the 提供先 exactly as the seed prints it, including its spacing
 */
public record Agency(String id, String name) {
  private static final Pattern ID = Pattern.compile("A\\d{2}");

  public Agency {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "invalid agency id '" + id + "': must be 'A' and two digits");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("agency " + id + ": name is empty");
    }
  }
}
