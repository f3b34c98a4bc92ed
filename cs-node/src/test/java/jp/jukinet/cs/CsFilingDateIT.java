package jp.jukinet.cs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.MoveOut;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentOperationResponse;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.testing.TestPki;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 転出's filing date (届出年月日) defaults to today on the CS's own clock. One CS on a clock set to
 * 2030-06-15 and its operator; a 転出 is decided at the CS alone, so no prefecture server runs (the
 * CS keeps dialling it, and its changes wait in the outbox). The network tests are the simulator's.
 */
@Timeout(60)
class CsFilingDateIT {
  static final String KOFU = "192015";
  static final String FUJIYOSHIDA = "192023";
  static final PeerId PREF = PeerId.prefecture("190004");

  @TempDir Path dir;

  @Test
  void theFilingDateDefaultsToTodayOnTheCsClock() throws Exception {
    Instant noonInJapan =
        LocalDate.of(2030, 6, 15).atTime(12, 0).atZone(ZoneId.of("Asia/Tokyo")).toInstant();
    Clock shifted = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), noonInJapan));
    PeerId cs = PeerId.cs(KOFU);
    PeerId operator = new PeerId(NodeRole.NODE_ROLE_OPERATOR, KOFU + "-01");
    TestPki pki = TestPki.create(dir, PREF, cs, operator);
    int nobody;
    try (ServerSocket s = new ServerSocket(0)) {
      nobody = s.getLocalPort(); // the prefecture server's port, with nothing listening
    }
    NodeConfig config =
        new NodeConfig(
            cs,
            new HostPort("127.0.0.1", 0),
            dir.resolve("cs"),
            pki.pkiDir(),
            new HostPort("127.0.0.1", nobody),
            PREF,
            null);
    try (NodeRuntime runtime =
            new NodeRuntime(
                TransportResources.create(2),
                Executors.newFixedThreadPool(2),
                shifted,
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
      IdentityInfo p =
          operate(
                  op,
                  ResidentOperationRequest.newBuilder()
                      .setBirth(
                          Birth.newBuilder()
                              .setFourItems(
                                  FourItems.newBuilder()
                                      .setName("未来 一")
                                      .setBirthDate("2020-01-01")
                                      .setSex(Sex.SEX_FEMALE)
                                      .setAddress("甲府市8"))))
              .getIdentity();
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  operate(
                      op,
                      ResidentOperationRequest.newBuilder()
                          .setMoveOut(
                              MoveOut.newBuilder()
                                  .setJuminhyoCode(p.getJuminhyoCode())
                                  .setPlannedDate("2030-06-30")
                                  .setDestinationMunicipality(FUJIYOSHIDA))));
      RemoteErrorException err = assertInstanceOf(RemoteErrorException.class, e.getCause());
      assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, err.code());
      assertTrue(
          err.getMessage()
              .contains("2030-06-30 is more than 14 days after the filing date 2030-06-15"),
          err.getMessage());
      assertTrue(
          operate(
                  op,
                  ResidentOperationRequest.newBuilder()
                      .setMoveOut(
                          MoveOut.newBuilder()
                              .setJuminhyoCode(p.getJuminhyoCode())
                              .setPlannedDate("2030-06-29")
                              .setDestinationMunicipality(FUJIYOSHIDA)))
              .getIdentity()
              .getRemoved(),
          "14 days after today on the CS's clock is accepted");
      op.close();
    }
  }

  private static ResidentOperationResponse operate(
      Connection op, ResidentOperationRequest.Builder r) throws Exception {
    return op.request(Envelope.newBuilder().setResidentOperationRequest(r), Duration.ofSeconds(20))
        .get(20, TimeUnit.SECONDS)
        .getResidentOperationResponse();
  }
}
