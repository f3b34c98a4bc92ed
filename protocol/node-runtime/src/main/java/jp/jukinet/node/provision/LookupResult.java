package jp.jukinet.node.provision;

import java.util.List;
import java.util.Objects;
import jp.jukinet.protocol.proto.IdentityInfo;

/**
 * What one key found.
 *
 * @param matches none (not found), one, or several (a 4情報 that fits several persons)
 * @param replacedByCode when the key was a retired 住民票コード, the code that replaced it; else ""
 * @param invalidKey when the key was malformed, why (nothing was looked up); else ""
 */
public record LookupResult(List<IdentityInfo> matches, String replacedByCode, String invalidKey) {
  public LookupResult {
    matches = List.copyOf(matches);
    Objects.requireNonNull(replacedByCode, "replacedByCode");
    Objects.requireNonNull(invalidKey, "invalidKey");
    if (!invalidKey.isEmpty() && !matches.isEmpty()) {
      throw new IllegalArgumentException("an invalid key cannot have matches");
    }
  }

  public static LookupResult invalid(String why) {
    return new LookupResult(List.of(), "", why);
  }
}
