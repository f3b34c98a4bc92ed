package jp.jukinet.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.LinkStatus;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.proto.NodeStatusRequest;
import jp.jukinet.protocol.testing.TestPki;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.LinkListener;
import jp.jukinet.protocol.transport.LinkTraffic;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportCounters;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.protocol.wire.ErrorCodes;
import jp.jukinet.protocol.wire.FrameHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node's transport over real TLS: what its connections dropped shows in its NodeStatus. */
@Timeout(60)
class NodeTransportIT {
  static final PeerId NATIONAL = PeerId.national();
  static final PeerId MONITOR = new PeerId(NodeRole.NODE_ROLE_MONITOR, "01");
  static final Duration T = Duration.ofSeconds(10);

  @TempDir Path tmp;

  @Test
  void unmatchedAnswersAreCountedInNodeStatus() throws Exception {
    TestPki pki = TestPki.create(tmp.resolve("pki"), NATIONAL, MONITOR);
    try (NodeRuntime runtime = NodeRuntime.create(1, 1)) {
      NodeTransport[] transport = {startNational(runtime, pki)};
      try {
        Connection monitor = connect(runtime, pki, transport[0]);
        monitor.send(
            Envelope.newBuilder()
                .setCorrelationId(41)
                .setError(ErrorCodes.error(ErrorCode.ERROR_CODE_NOT_FOUND, "answers nothing")));
        monitor.send(Envelope.newBuilder().setNodeStatus(NodeStatus.getDefaultInstance()));
        NodeStatus status =
            monitor
                .request(
                    Envelope.newBuilder()
                        .setNodeStatusRequest(NodeStatusRequest.getDefaultInstance()),
                    T)
                .get(10, TimeUnit.SECONDS)
                .getNodeStatus();
        assertEquals(2, status.getCountersOrThrow(TransportCounters.RESPONSES_UNMATCHED));
        assertEquals(0, status.getCountersOrThrow(TransportCounters.REQUESTS_OVERLOADED));
        assertTrue(monitor.isActive());
        monitor.close();
      } finally {
        transport[0].close();
      }
    }
  }

  @Test
  void linkTrafficCountsEveryFrameBothWaysAcrossReconnects() throws Exception {
    TestPki pki = TestPki.create(tmp.resolve("pki"), NATIONAL, MONITOR);
    try (NodeRuntime runtime = NodeRuntime.create(1, 1)) {
      NodeTransport[] transport = {startNational(runtime, pki)};
      try {
        Connection first = connect(runtime, pki, transport[0]);
        status(first);
        LinkTraffic firstTraffic = first.traffic();
        // Hello and one request sent; HelloAccepted and one answer received.
        assertEquals(2, firstTraffic.framesSent());
        assertEquals(2, firstTraffic.framesReceived());
        first.close();
        Connection second = connect(runtime, pki, transport[0]);
        Envelope answer = status(second);
        NodeStatus status = answer.getNodeStatus();
        LinkStatus link =
            status.getLinksList().stream()
                .filter(l -> PeerId.fromProto(l.getPeer()).equals(MONITOR))
                .findFirst()
                .orElseThrow();
        // The node answers before sending this answer: it saw both connections' frames so far.
        assertEquals(4, link.getFramesReceived());
        assertEquals(
            firstTraffic.bytesSent() + second.traffic().bytesSent(), link.getBytesReceived());
        assertEquals(3, link.getFramesSent());
        assertEquals(
            firstTraffic.bytesReceived()
                + second.traffic().bytesReceived()
                - (long) FrameHeader.LENGTH
                - answer.getSerializedSize(),
            link.getBytesSent(),
            "every frame the node sent before this answer");
        assertTrue(!link.getOutbound());
        second.close();
      } finally {
        transport[0].close();
      }
    }
  }

  /** A national server's transport that answers every frame with its NodeStatus. */
  private NodeTransport startNational(NodeRuntime runtime, TestPki pki) {
    NodeConfig config =
        new NodeConfig(
            NATIONAL,
            HostPort.parse("127.0.0.1:0"),
            tmp.resolve("data"),
            pki.pkiDir(),
            null,
            null,
            null);
    NodeTransport[] transport = new NodeTransport[1];
    transport[0] =
        NodeTransport.start(
            config,
            runtime,
            pki.tls(NATIONAL),
            (c, env) -> c.reply(env, Envelope.newBuilder().setNodeStatus(transport[0].status())),
            LinkListener.NONE,
            TransportSettings.defaults());
    return transport[0];
  }

  private static Connection connect(NodeRuntime runtime, TestPki pki, NodeTransport node)
      throws Exception {
    return TransportClient.connect(
            runtime.transport(),
            pki.tls(MONITOR),
            MONITOR,
            NATIONAL,
            node.localAddress(),
            (c, env) -> {},
            TransportSettings.defaults())
        .get(10, TimeUnit.SECONDS);
  }

  private static Envelope status(Connection c) throws Exception {
    return c.request(
            Envelope.newBuilder().setNodeStatusRequest(NodeStatusRequest.getDefaultInstance()), T)
        .get(10, TimeUnit.SECONDS);
  }
}
