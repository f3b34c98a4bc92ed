package jp.jukinet.cs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.testing.TestPki;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clock skew at a CS ({@code <data_dir>/clock-offset}): while the file says three days ahead, a
 * 出生's 届出年月日 default and its 記録日時 are three days ahead of the network's calendar; once the file is
 * gone they are back on it. One CS and its operator, no prefecture server (a 出生 is decided at the
 * CS alone).
 */
@Timeout(60)
class CsClockSkewIT {
  static final String KOFU = "192015";
  static final PeerId PREF = PeerId.prefecture("190004");

  @TempDir Path dir;

  @Test
  void aSkewedCsStampsItsDefaultsWithItsSkewedTimeUntilHealed() throws Exception {
    Instant noonInJapan =
        LocalDate.of(2030, 6, 15).atTime(12, 0).atZone(ZoneId.of("Asia/Tokyo")).toInstant();
    Clock calendar = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), noonInJapan));
    PeerId cs = PeerId.cs(KOFU);
    PeerId operator = new PeerId(NodeRole.NODE_ROLE_OPERATOR, KOFU + "-01");
    TestPki pki = TestPki.create(dir, PREF, cs, operator);
    int nobody;
    try (ServerSocket s = new ServerSocket(0)) {
      nobody = s.getLocalPort(); // the prefecture server's port, with nothing listening
    }
    Path data = dir.resolve("cs");
    NodeConfig config =
        new NodeConfig(
            cs,
            new HostPort("127.0.0.1", 0),
            data,
            pki.pkiDir(),
            new HostPort("127.0.0.1", nobody),
            PREF,
            null);
    try (NodeRuntime runtime =
            new NodeRuntime(
                TransportResources.create(2),
                Executors.newFixedThreadPool(2),
                calendar,
                NodeRuntime.SINGLE_NODE_STORE);
        CsNode node = CsNode.start(config, runtime)) {
      Connection op =
          TransportClient.connect(
                  runtime.transport(),
                  pki.tls(operator),
                  operator,
                  cs,
                  node.localAddress(),
                  new EnvelopeHandler() {
                    @Override
                    public void onEnvelope(Connection connection, Envelope envelope) {}
                  },
                  TransportSettings.defaults())
              .get(20, TimeUnit.SECONDS);
      assertEquals("2030-06-15", birth(op).getNotificationDate());

      Files.writeString(data.resolve(SkewedClock.FILE), "PT72H\n");
      IdentityChange skewed =
          Awaitility.await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> birth(op), c -> c.getNotificationDate().equals("2030-06-18"));
      long ahead = skewed.getRecordedAtMillis() - calendar.millis();
      assertTrue(
          Math.abs(ahead - Duration.ofDays(3).toMillis()) < 60_000,
          "記録日時 three days ahead of the calendar: " + ahead + " ms");

      Files.delete(data.resolve(SkewedClock.FILE));
      IdentityChange healed =
          Awaitility.await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> birth(op), c -> c.getNotificationDate().equals("2030-06-15"));
      assertTrue(Math.abs(healed.getRecordedAtMillis() - calendar.millis()) < 60_000);

      Files.writeString(data.resolve(SkewedClock.FILE), "ten minutes");
      Awaitility.await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> birth(op).getNotificationDate(), "2030-06-15"::equals);
      op.close();
    }
  }

  private static int born;

  private static IdentityChange birth(Connection op) throws Exception {
    born++;
    ResidentOperationRequest.Builder r =
        ResidentOperationRequest.newBuilder()
            .setBirth(
                Birth.newBuilder()
                    .setFourItems(
                        FourItems.newBuilder()
                            .setName("時計 " + "一二三四五六七八九十".charAt(born % 10) + born)
                            .setBirthDate("2020-01-01")
                            .setSex(Sex.SEX_FEMALE)
                            .setAddress("甲府市" + born)));
    return op.request(Envelope.newBuilder().setResidentOperationRequest(r), Duration.ofSeconds(20))
        .get(20, TimeUnit.SECONDS)
        .getResidentOperationResponse()
        .getChange();
  }
}
