package jp.jukinet.pref.use;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One 事務 for which a prefecture uses or provides 本人確認情報.
 *
 * @param code short stable code: the basis ({@code H1} 別表第一, {@code H5} 別表第五, {@code H6} 別表第六,
 *     {@code C} 条例, {@code CP} 条例 provision to another organ, {@code M} 法第30条の13 provision to a
 *     municipality, {@code D} 本人同意) and the row's number in the source table of that basis
 * @param law 法律 as the source prints it (may be empty)
 * @param text the 事務 (事務略称) as printed
 * @param offices its 所管, one or more
 * @param recipient for a provision, the 提供先 (教育委員会, 藤沢市 …); else empty
 * @param since 利用開始時期 as printed (H14.11 …), or empty
 * @param referenceCount the source's 件数 for its year, or -1 when it gives none
 */
public record PrefJimu(
    String code,
    PrefBasis basis,
    String law,
    String text,
    List<PrefOffice> offices,
    String recipient,
    String since,
    long referenceCount) {
  private static final Pattern CODE = Pattern.compile("(H1|H5|H6|C|CP|M|D)-\\d{2}");

  public PrefJimu {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(law, "law");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(since, "since");
    offices = List.copyOf(offices);
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("invalid prefectural 事務 code '" + code + "'");
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("事務 " + code + ": text is empty");
    }
    if (offices.isEmpty()) {
      throw new IllegalArgumentException("事務 " + code + ": no office (所管)");
    }
    if (basis.provision() == recipient.isEmpty()) {
      throw new IllegalArgumentException(
          "事務 " + code + ": a provision needs a recipient (提供先), a use has none");
    }
    if (referenceCount < -1) {
      throw new IllegalArgumentException("事務 " + code + ": reference count < -1");
    }
  }

  /** Whether {@code office} is one of its 所管. */
  public boolean keptBy(String office) {
    return offices.stream().anyMatch(o -> o.name().equals(office));
  }

  /** The sum of its offices' 登録人数 (unknown ones count 0). */
  public int users() {
    return offices.stream().mapToInt(o -> Math.max(0, o.users())).sum();
  }
}
