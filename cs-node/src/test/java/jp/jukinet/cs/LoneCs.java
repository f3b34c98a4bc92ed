package jp.jukinet.cs;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentOperationResponse;
import jp.jukinet.protocol.testing.TestPki;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;

/**
 * 甲府市's CS alone on {@code clock}, with its operator connected: no prefecture server runs (the CS
 * keeps dialling a port nothing listens on, and its changes wait in the outbox), for what a CS
 * decides by itself.
 */
final class LoneCs implements AutoCloseable {
  static final String KOFU = "192015";
  static final PeerId PREF = PeerId.prefecture("190004");

  private final NodeRuntime runtime;
  private final CsNode node;
  private final Connection operator;

  /** The CS's data directory is {@code dir/cs}. */
  LoneCs(Path dir, Clock clock) throws Exception {
    PeerId cs = PeerId.cs(KOFU);
    PeerId op = new PeerId(NodeRole.NODE_ROLE_OPERATOR, KOFU + "-01");
    TestPki pki = TestPki.create(dir, PREF, cs, op);
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
    this.runtime =
        new NodeRuntime(
            TransportResources.create(2),
            Executors.newFixedThreadPool(2),
            clock,
            NodeRuntime.SINGLE_NODE_STORE);
    CsNode started = null;
    try {
      started = CsNode.start(config, runtime);
      this.node = started;
      this.operator =
          TransportClient.connect(
                  runtime.transport(),
                  pki.tls(op),
                  op,
                  cs,
                  node.localAddress(),
                  new EnvelopeHandler() {
                    @Override
                    public void onEnvelope(Connection connection, Envelope envelope) {}
                  },
                  TransportSettings.defaults())
              .get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (started != null) {
        started.close();
      }
      runtime.close();
      throw e;
    }
  }

  /** The operator's request, answered. */
  ResidentOperationResponse operate(ResidentOperationRequest.Builder r) throws Exception {
    return operator
        .request(Envelope.newBuilder().setResidentOperationRequest(r), Duration.ofSeconds(20))
        .get(20, TimeUnit.SECONDS)
        .getResidentOperationResponse();
  }

  @Override
  public void close() {
    operator.close();
    node.close();
    runtime.close();
  }
}
