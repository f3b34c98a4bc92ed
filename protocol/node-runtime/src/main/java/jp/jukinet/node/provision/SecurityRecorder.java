package jp.jukinet.node.provision;

import jp.jukinet.node.store.Txn;
import jp.jukinet.protocol.proto.SecurityEvent;

/** Where refusals are recorded: the node's durable security log. */
public interface SecurityRecorder {
  /**
   * Stages {@code event} (its {@code sequence} is assigned here) into {@code txn}.
   *
   * @return the sequence assigned
   */
  long stage(Txn txn, SecurityEvent event);
}
