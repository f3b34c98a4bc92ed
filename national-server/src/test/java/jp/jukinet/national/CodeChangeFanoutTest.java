package jp.jukinet.national;

import static jp.jukinet.node.store.Changes.birth;
import static jp.jukinet.node.store.Changes.change;
import static jp.jukinet.node.store.Changes.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.relay.CodeChangeNotices;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.node.store.StoreFixture;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.RoutedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which former municipalities hear of a 住民票コード変更: a person born in 甲府市, moved to 富士吉田市, then to
 * 千代田区, where the code changes.
 */
@Timeout(60)
class CodeChangeFanoutTest {
  private static final String KOFU = "192015";
  private static final String FUJIYOSHIDA = "192023";
  private static final String CHIYODA = "131016";
  private static final IdentityInfo P = person("10000000001", "変更 一郎", "1990-01-01", "", "甲府市");

  @TempDir Path dir;
  private final StoreFixture fx = new StoreFixture();
  private NodeDatabase db;
  private IdentityRegistry registry;
  private RoutedMailbox mailbox;
  private CodeChangeFanout fanout;
  private final List<String> woken = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() throws Exception {
    db = fx.open("national", dir);
    registry = new IdentityRegistry(db);
    mailbox = new RoutedMailbox(db, Clock.systemUTC());
    mailbox.onDurable(woken::add);
    fanout =
        new CodeChangeFanout(
            "national", registry, mailbox, new NationalRouting()::nextHop, Clock.systemUTC());
    apply(
        birth(KOFU, 1, "1990-01-01", 1, P),
        change(
            KOFU,
            2,
            ChangeOperation.CHANGE_OPERATION_REMOVE,
            ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED,
            "2010-01-01",
            2,
            P),
        change(
            FUJIYOSHIDA,
            1,
            ChangeOperation.CHANGE_OPERATION_RECORD,
            ChangeReason.CHANGE_REASON_MOVE_IN,
            "2010-01-01",
            3,
            P),
        change(
            FUJIYOSHIDA,
            2,
            ChangeOperation.CHANGE_OPERATION_REMOVE,
            ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED,
            "2015-01-01",
            4,
            P),
        change(
            CHIYODA,
            1,
            ChangeOperation.CHANGE_OPERATION_RECORD,
            ChangeReason.CHANGE_REASON_MOVE_IN,
            "2015-01-01",
            5,
            P));
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private void apply(IdentityChange... changes) throws Exception {
    db.commit(
            txn -> {
              for (IdentityChange c : changes) {
                fanout.apply(txn, c);
              }
            })
        .get(10, TimeUnit.SECONDS);
  }

  private static IdentityChange codeChange(long seq, String from, String to) {
    return change(
            CHIYODA,
            seq,
            ChangeOperation.CHANGE_OPERATION_AMEND,
            ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
            "2020-01-01",
            10,
            P.toBuilder().setJuminhyoCode(to).build())
        .toBuilder()
        .setPreviousJuminhyoCode(from)
        .build();
  }

  private List<String> pending(String hop) {
    return mailbox.pendingFor(hop).stream().map(RoutedMessage::getRouteId).toList();
  }

  @Test
  void everyFormerMunicipalityHearsOnceAndTheRelayIsWokenWhenDurable() throws Exception {
    assertTrue(pending("pref:19").isEmpty());
    IdentityChange change = codeChange(2, "10000000001", "10000000002");
    apply(change, change); // asked twice in one transaction: staged once
    assertEquals(
        List.of(
            CodeChangeNotices.routeId(change, KOFU),
            CodeChangeNotices.routeId(change, FUJIYOSHIDA)),
        pending("pref:19").stream().sorted().toList());
    assertTrue(pending("pref:13").isEmpty(), "the municipality that made it needs no notice");
    assertEquals(List.of("pref:19"), woken);
    assertEquals(2, fanout.staged());
    apply(change);
    assertEquals(2, pending("pref:19").size(), "route ids are remembered for good");
  }

  @Test
  void aChangeArrivingUnderTheRetiredCodeSendsItsSourceTheCodeChange() throws Exception {
    IdentityChange change = codeChange(2, "10000000001", "10000000002");
    apply(change);
    for (String id : pending("pref:19")) {
      mailbox.delivered(id).get(10, TimeUnit.SECONDS);
    }
    // 甲府市 had not heard of it: a late 修正 under the old code.
    apply(
        change(
            KOFU,
            3,
            ChangeOperation.CHANGE_OPERATION_AMEND,
            ChangeReason.CHANGE_REASON_MOVE_WITHIN,
            "2009-01-01",
            11,
            P));
    assertEquals(7, registry.history("10000000002").size(), "filed under the new code");
    assertTrue(
        pending("pref:19").isEmpty(),
        "甲府市 already had its notice: its route id is not staged again");
    assertEquals(2, fanout.staged());
  }
}
