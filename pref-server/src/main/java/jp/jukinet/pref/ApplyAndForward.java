package jp.jukinet.pref;

import java.util.Objects;
import jp.jukinet.node.replication.ChangeReceiver;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.Outbox;
import jp.jukinet.node.store.Txn;
import jp.jukinet.protocol.proto.IdentityChange;

/**
 * What a prefecture server does with a new 変更情報 from one of its CSs: applies it to the prefecture's
 * 本人確認情報 ({@link IdentityRegistry}) and appends it to the outbox for the national server, in the
 * same transaction, so the change is held here exactly when it is queued upward.
 */
final class ApplyAndForward implements ChangeReceiver.Applier {
  private final IdentityRegistry registry;
  private final Outbox outbox;

  ApplyAndForward(IdentityRegistry registry, Outbox outbox) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  @Override
  public void apply(Txn txn, IdentityChange change) {
    byte[] encoded = change.toByteArray(); // once for the history and the outbox
    registry.apply(txn, change, encoded);
    outbox.append(txn, change, encoded);
  }
}
