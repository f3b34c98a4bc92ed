package jp.jukinet.node.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.proto.SecurityEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SecurityLogTest {
  @TempDir Path dir;
  private final LogFixture fx = new LogFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  private static SecurityEvent refusal(String peer) {
    return SecurityEvent.newBuilder()
        .setAtMillis(1)
        .setPeer(peer)
        .setPeerSubject("CN=A05,OU=agency,O=jukinet")
        .setBody("single_provision_request")
        .setJimuCode("J09")
        .setMethod(ProvisionMethod.PROVISION_METHOD_IMMEDIATE)
        .setRule("jimu-not-registered")
        .setMessage("agency-A05 is not registered for J09")
        .build();
  }

  private static long stage(NodeDatabase db, SecurityLog log, SecurityEvent e) throws Exception {
    long[] seq = new long[1];
    db.commit(txn -> seq[0] = log.stage(txn, e)).get(10, TimeUnit.SECONDS);
    return seq[0];
  }

  @Test
  void refusalsAreNumberedWithoutGapsAcrossAbortsAndRestarts() throws Exception {
    NodeDatabase db = fx.open(dir);
    SecurityLog log = new SecurityLog(db);
    assertEquals(1, stage(db, log, refusal("agency-A05")));
    assertThrows(
        ExecutionException.class,
        () ->
            db.commit(
                    txn -> {
                      log.stage(txn, refusal("agency-A06"));
                      throw new IllegalStateException("failed");
                    })
                .get(10, TimeUnit.SECONDS));
    assertEquals(2, stage(db, log, refusal("agency-A07")));
    fx.store.close(db);

    NodeDatabase again = fx.open(dir);
    SecurityLog reopened = new SecurityLog(again);
    assertEquals(3, stage(again, reopened, refusal("agency-A08")));
    List<SecurityEvent> all = reopened.page(0, 10);
    assertEquals(
        List.of("agency-A05", "agency-A07", "agency-A08"),
        all.stream().map(SecurityEvent::getPeer).toList());
    assertEquals(List.of(1L, 2L, 3L), all.stream().map(SecurityEvent::getSequence).toList());
    assertEquals("jimu-not-registered", all.get(0).getRule());
    assertEquals(
        List.of(3L), reopened.page(2, 10).stream().map(SecurityEvent::getSequence).toList());
    assertEquals(1, reopened.page(0, 1).size());
    assertEquals(true, reopened.hasAfter(2));
    assertEquals(false, reopened.hasAfter(3));
  }
}
