package jp.jukinet.node.provision;

import jp.jukinet.node.store.Txn;

/**
 * Where a provision is recorded before its answer leaves the node (the provision log, its index by
 * person and its counters).
 */
public interface ProvisionRecorder {
  /**
   * Stages {@code event} into {@code txn}; the provision may be answered once {@code txn} is
   * committed.
   *
   * @return the sequence of its log entry
   */
  long stage(Txn txn, ProvisionEvent event);
}
