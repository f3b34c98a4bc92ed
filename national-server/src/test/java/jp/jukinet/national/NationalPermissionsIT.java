package jp.jukinet.national;

import static jp.jukinet.node.testing.PeerProbe.answer;
import static jp.jukinet.node.testing.PeerProbe.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.node.testing.PeerProbe;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.DisclosureRequest;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityChangeBatch;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatusRequest;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.testing.TestPki;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.TransportResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real national server judges every request by the role × body table (docs/protocol.md §7.7).
 */
@Timeout(60)
class NationalPermissionsIT {
  static final PeerId PREF = PeerId.prefecture("190004");
  static final PeerId AGENCY = new PeerId(NodeRole.NODE_ROLE_AGENCY, "A01");
  static final PeerId MONITOR = new PeerId(NodeRole.NODE_ROLE_MONITOR, "01");

  @TempDir Path dir;
  NodeRuntime runtime;
  NationalServer national;
  PeerProbe probe;

  @BeforeEach
  void start() {
    TestPki pki = TestPki.create(dir, PeerId.national(), PREF, AGENCY, MONITOR);
    runtime =
        new NodeRuntime(
            TransportResources.create(2),
            Executors.newFixedThreadPool(2),
            Clock.systemUTC(),
            NodeRuntime.SINGLE_NODE_STORE);
    national =
        NationalServer.start(
            new NodeConfig(
                PeerId.national(),
                new HostPort("127.0.0.1", 0),
                dir.resolve("national"),
                pki.pkiDir(),
                null,
                null,
                null),
            runtime);
    probe = new PeerProbe(pki, runtime.transport());
  }

  @AfterEach
  void stop() {
    probe.close();
    national.close();
    runtime.close();
  }

  private Connection as(PeerId peer) throws Exception {
    return probe.connect(peer, PeerId.national(), national.localAddress());
  }

  @Test
  void agenciesMonitorsAndPrefecturesMaySendOnlyWhatTheTableAllows() throws Exception {
    Connection agency = as(AGENCY);
    Connection monitor = as(MONITOR);
    Connection pref = as(PREF);
    Envelope.Builder status =
        Envelope.newBuilder().setNodeStatusRequest(NodeStatusRequest.getDefaultInstance());
    Envelope.Builder emptyBatch =
        Envelope.newBuilder().setIdentityChangeBatch(IdentityChangeBatch.getDefaultInstance());

    refused(
        agency,
        status,
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "node_status_request is not accepted from an agency (agency-A01) by national");
    refused(
        pref,
        status,
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "node_status_request",
        "a pref (pref-190004)");
    refused(agency, emptyBatch, ErrorCode.ERROR_CODE_NOT_PERMITTED, "identity_change_batch");
    refused(monitor, emptyBatch, ErrorCode.ERROR_CODE_NOT_PERMITTED, "identity_change_batch");
    refused(
        agency,
        Envelope.newBuilder().setRoutedMessage(RoutedMessage.newBuilder().setRouteId("x")),
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "routed_message");
    refused(
        agency,
        Envelope.newBuilder().setDisclosureRequest(DisclosureRequest.getDefaultInstance()),
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "disclosure_request");

    assertEquals(0, answer(pref, emptyBatch).getIdentityChangeAck().getAcksCount());
    assertEquals(
        6, answer(monitor, status).getNodeStatus().getCountersOrThrow("requests_not_permitted"));
  }
}
