package jp.jukinet.pref;

import static jp.jukinet.node.store.Changes.birth;
import static jp.jukinet.node.store.Changes.change;
import static jp.jukinet.node.store.Changes.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.Outbox;
import jp.jukinet.node.store.StoreFixture;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A prefecture server holds a CS's change exactly when it queued it for the national server. */
@Timeout(60)
class ApplyAndForwardTest {
  private static final String KOFU = "192015";

  @TempDir Path dir;
  private final StoreFixture fx = new StoreFixture();
  private NodeDatabase db;
  private IdentityRegistry registry;
  private Outbox outbox;
  private ApplyAndForward applier;

  @BeforeEach
  void open() {
    db = fx.open("pref-190004", dir);
    registry = new IdentityRegistry(db);
    outbox = new Outbox(db, Clock.systemUTC());
    applier = new ApplyAndForward(registry, outbox);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void appliesToTheRegistryAndQueuesUpwardInOneTransaction() throws Exception {
    IdentityInfo p = person("10000000001", "山田 花子", "2000-01-01", "", "甲府市");
    IdentityChange born = birth(KOFU, 1, "2000-01-01", 1, p);
    IdentityChange moved =
        change(
            KOFU,
            2,
            ChangeOperation.CHANGE_OPERATION_AMEND,
            ChangeReason.CHANGE_REASON_MOVE_WITHIN,
            "2020-04-01",
            2,
            p);
    db.commit(
            txn -> {
              applier.apply(txn, born);
              applier.apply(txn, moved);
            })
        .get(10, TimeUnit.SECONDS);
    assertEquals(KOFU, registry.current("10000000001").orElseThrow().getMunicipalityCode());
    assertEquals(2, registry.history("10000000001").size());
    assertEquals(
        List.of(born, moved), outbox.unacked(10).stream().map(Outbox.Entry::change).toList());
  }

  @Test
  void aRefusedChangeIsNeitherHeldNorQueued() throws Exception {
    IdentityChange bad =
        birth(KOFU, 1, "2000/01/01", 1, person("10000000002", "不正 一郎", "2000-01-01", "", "甲府市"));
    assertThrows(
        ExecutionException.class,
        () -> db.commit(txn -> applier.apply(txn, bad)).get(10, TimeUnit.SECONDS));
    assertTrue(registry.current("10000000002").isEmpty());
    assertEquals(0, outbox.size());
  }
}
