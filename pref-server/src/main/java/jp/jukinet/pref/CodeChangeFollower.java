package jp.jukinet.pref;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.node.store.Txn;
import jp.jukinet.protocol.proto.RoutedMessage;

/**
 * A 住民票コード変更 made in another municipality, for a person this prefecture still holds (a former
 * resident's 除票) under the old code: applied to the registry in the transaction that accepts the
 * routed notice, before the notice goes on to the former municipality's CS. Not put in the outbox:
 * the national server sent it. Applying it again changes nothing. Other routed messages only pass
 * through.
 */
final class CodeChangeFollower implements RoutedMailbox.ArrivalStager {
  private final IdentityRegistry registry;
  private final AtomicLong followed = new AtomicLong();

  CodeChangeFollower(IdentityRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void stage(Txn txn, RoutedMessage m) {
    if (m.hasJuminhyoCodeChangeNotice()) {
      registry.apply(txn, m.getJuminhyoCodeChangeNotice().getChange());
      followed.incrementAndGet();
    }
  }

  /** Notices applied since start (the {@code code_changes_followed} counter). */
  long followed() {
    return followed.get();
  }
}
