package jp.jukinet.pref.use;

import java.time.LocalDate;
import java.util.Objects;
import jp.jukinet.node.provision.KeyLookup;
import jp.jukinet.node.provision.LookupResult;
import jp.jukinet.protocol.proto.ProvisionKey;

/**
 * 個人番号 is excluded from prefectural use (法第30条の15第1項, "個人番号を除く"): a key by 個人番号 is answered as an
 * invalid key (nothing looked up), and the 個人番号 is stripped from every record found by 住民票コード or
 * 4情報.
 */
public final class NumberExcludedLookup implements KeyLookup {
  static final String NUMBER_EXCLUDED =
      "個人番号 is excluded from prefectural use (法第30条の15): look up by 住民票コード or 4情報";

  private final KeyLookup delegate;

  public NumberExcludedLookup(KeyLookup delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public LookupResult lookup(ProvisionKey key, LocalDate asOf) {
    if (key.getKeyCase() == ProvisionKey.KeyCase.INDIVIDUAL_NUMBER) {
      return LookupResult.invalid(NUMBER_EXCLUDED);
    }
    LookupResult found = delegate.lookup(key, asOf);
    return new LookupResult(
        found.matches().stream().map(m -> m.toBuilder().clearIndividualNumber().build()).toList(),
        found.replacedByCode(),
        found.invalidKey());
  }
}
