package jp.jukinet.node.provision;

import java.time.LocalDate;
import jp.jukinet.protocol.proto.ProvisionKey;

/** Finds the persons one provision key names, as of a date when one is given. */
public interface KeyLookup {
  /**
   * @param asOf the date the record is wanted as of, or null for the current record
   */
  LookupResult lookup(ProvisionKey key, LocalDate asOf);
}
