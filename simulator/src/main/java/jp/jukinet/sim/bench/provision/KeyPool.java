package jp.jukinet.sim.bench.provision;

import java.util.List;
import java.util.SplittableRandom;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionKey;

/**
 * Keys for lookups, made from records the national server holds, in a mix of kinds: by 住民票コード, by
 * 個人番号 (when the person has one) and by 4情報 (name and birth date).
 *
 * @param percentCode share of 住民票コード keys, in percent
 * @param percentNumber share of 個人番号 keys; the rest are 4情報
 */
public record KeyPool(List<IdentityInfo> persons, int percentCode, int percentNumber) {
  public KeyPool {
    persons = List.copyOf(persons);
    if (persons.isEmpty()) {
      throw new IllegalArgumentException("the national server holds no one to look up");
    }
    if (percentCode < 0 || percentNumber < 0 || percentCode + percentNumber > 100) {
      throw new IllegalArgumentException(
          "--key-mix: code " + percentCode + "% + number " + percentNumber + "% must be 0..100");
    }
  }

  /** Parses {@code code,number,four} percentages, e.g. {@code 60,20,20}. */
  public static KeyPool of(List<IdentityInfo> persons, String mix) {
    String[] p = mix.split(",");
    try {
      if (p.length != 3
          || Integer.parseInt(p[0].strip())
                  + Integer.parseInt(p[1].strip())
                  + Integer.parseInt(p[2].strip())
              != 100) {
        throw new NumberFormatException();
      }
      return new KeyPool(persons, Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--key-mix '" + mix + "' must be three percentages adding to 100: code,number,four");
    }
  }

  /** A key for a random person, of a random kind. */
  public ProvisionKey next(SplittableRandom r) {
    IdentityInfo p = persons.get(r.nextInt(persons.size()));
    int k = r.nextInt(100);
    ProvisionKey.Builder key = ProvisionKey.newBuilder();
    if (k < percentCode) {
      return key.setJuminhyoCode(p.getJuminhyoCode()).build();
    }
    if (k < percentCode + percentNumber && !p.getIndividualNumber().isEmpty()) {
      return key.setIndividualNumber(p.getIndividualNumber()).build();
    }
    FourItems f = p.getFourItems();
    return key.setFourItems(
            FourItems.newBuilder().setName(f.getName()).setBirthDate(f.getBirthDate()))
        .build();
  }
}
