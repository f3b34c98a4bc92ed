package jp.jukinet.pref;

import static jp.jukinet.node.store.Changes.birth;
import static jp.jukinet.node.store.Changes.change;
import static jp.jukinet.node.store.Changes.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.relay.CodeChangeNotices;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreFixture;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.MoveInNotice;
import jp.jukinet.protocol.proto.RoutedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A former resident's 除票 follows a 住民票コード変更 made elsewhere; other messages pass through. */
@Timeout(60)
class CodeChangeFollowerTest {
  private static final String KOFU = "192015";
  private static final String CHIYODA = "131016";

  @TempDir Path dir;
  private final StoreFixture fx = new StoreFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void aNoticeRetiresTheOldCodeHereTooAndAgainChangesNothing() throws Exception {
    NodeDatabase db = fx.open("pref-190004", dir);
    IdentityRegistry registry = new IdentityRegistry(db);
    CodeChangeFollower follower = new CodeChangeFollower(registry);
    IdentityInfo p = person("10000000001", "転出 花子", "1990-01-01", "", "甲府市");
    IdentityChange born = birth(KOFU, 1, "1990-01-01", 1, p);
    IdentityChange left =
        change(
            KOFU,
            2,
            ChangeOperation.CHANGE_OPERATION_REMOVE,
            ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED,
            "2020-04-01",
            2,
            p);
    db.commit(
            txn -> {
              registry.apply(txn, born);
              registry.apply(txn, left);
            })
        .get(10, TimeUnit.SECONDS);
    IdentityChange codeChange =
        change(
                CHIYODA,
                5,
                ChangeOperation.CHANGE_OPERATION_AMEND,
                ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
                "2021-01-01",
                3,
                p.toBuilder().setJuminhyoCode("10000000002").build())
            .toBuilder()
            .setPreviousJuminhyoCode("10000000001")
            .build();
    RoutedMessage notice = CodeChangeNotices.notice(codeChange, KOFU, 3);
    for (int i = 0; i < 2; i++) {
      db.commit(txn -> follower.stage(txn, notice)).get(10, TimeUnit.SECONDS);
    }
    assertTrue(registry.current("10000000001").isEmpty());
    IdentityInfo now = registry.current("10000000002").orElseThrow();
    assertTrue(now.getRemoved(), "still 甲府市's 除票");
    assertEquals(KOFU, now.getMunicipalityCode());
    assertEquals(3, registry.history("10000000002").size());
    assertEquals(2, follower.followed());

    RoutedMessage other =
        RoutedMessage.newBuilder()
            .setRouteId(CHIYODA + "-9")
            .setOriginMunicipality(CHIYODA)
            .setDestinationMunicipality(KOFU)
            .setMoveInNotice(MoveInNotice.newBuilder())
            .build();
    db.commit(txn -> follower.stage(txn, other)).get(10, TimeUnit.SECONDS);
    assertEquals(2, follower.followed());
    assertEquals(1, registry.count());
  }
}
