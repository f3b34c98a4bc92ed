package jp.jukinet.national;

import java.net.InetSocketAddress;
import java.util.Objects;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.node.NodeLifecycle;
import jp.jukinet.protocol.node.NodeRuntime;
import jp.jukinet.protocol.node.NodeTransport;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.TransportSettings;

/**
 * 全国サーバ (the national server run by 機構): listens for prefecture servers, agencies and monitors; dials nothing.
 *
 * <p>So far it only keeps its links and answers NodeStatusRequest; the business handlers are
 * added to {@link #onEnvelope}'s switch.
 */
public final class NationalServer implements NodeLifecycle {
  private final NodeConfig config;
  private final NodeTransport transport;

  private NationalServer(NodeConfig config, NodeRuntime runtime) {
    this.config = config;
    this.transport = NodeTransport.start(
        config, runtime, NodeTls.load(config.pkiDir(), config.node()), this::onEnvelope,
        TransportSettings.defaults().withClock(runtime.clock()));
  }

  /** Starts the node; returns once its server is listening (its upstream link comes up later). */
  public static NationalServer start(NodeConfig config, NodeRuntime runtime) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(runtime, "runtime");
    if (config.node().role() != NodeRole.NODE_ROLE_NATIONAL) {
      throw new IllegalArgumentException("national-server cannot run node " + config.node() + ": it runs a national node");
    }
    return new NationalServer(config, runtime);
  }

  private void onEnvelope(Connection connection, Envelope envelope) {
    switch (envelope.getBodyCase()) {
      case NODE_STATUS_REQUEST -> connection.reply(envelope, Envelope.newBuilder().setNodeStatus(status()));
      case BODY_NOT_SET -> connection.replyError(envelope, ErrorCode.ERROR_CODE_INVALID_REQUEST, "the envelope has no body");
      default -> connection.replyError(
          envelope, ErrorCode.ERROR_CODE_UNKNOWN_BODY,
          "national-server " + config.node() + " does not handle " + envelope.getBodyCase());
    }
  }

  @Override
  public PeerId id() {
    return config.node();
  }

  public NodeConfig config() {
    return config;
  }

  /** The server, upstream link and link table, for the business handlers added later. */
  public NodeTransport transport() {
    return transport;
  }

  @Override
  public InetSocketAddress localAddress() {
    return transport.localAddress();
  }

  @Override
  public NodeStatus status() {
    return transport.status();
  }

  @Override
  public void close() {
    transport.close();
  }
}
