package jp.jukinet.node.runtime;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.LinkListener;
import jp.jukinet.protocol.transport.NodeServer;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.protocol.transport.UpstreamLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network side every node has: its listening server, the link to its upstream (prefecture
 * server or national server, when the config names one), the table of its links with the status
 * built from it, the {@link RequestGate} every request passes and the {@link CertificateWatch} that
 * closes connections of revoked or expired peers. The node's handler receives every envelope from
 * both sides directly; this class only keeps the link table current before telling the node's
 * listener of a link.
 */
public final class NodeTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeTransport.class);

  private final NodeConfig config;
  private final PeerId self;
  private final NodeTls tls;
  private final LinkTable links;
  private final long startedAtMillis;
  private final NodeServer server;
  private final UpstreamLink upstream;
  private final PeerId upstreamPeer;
  private final RequestGate gate;
  private final CertificateWatch watch;

  private NodeTransport(
      NodeConfig config,
      NodeTls tls,
      LinkTable links,
      long startedAtMillis,
      NodeServer server,
      UpstreamLink upstream,
      RequestGate gate,
      NodeRuntime runtime) {
    this.config = config;
    this.self = config.node();
    this.tls = tls;
    this.links = links;
    this.startedAtMillis = startedAtMillis;
    this.server = server;
    this.upstream = upstream;
    this.upstreamPeer = config.upstreamNode();
    this.gate = gate;
    this.watch =
        new CertificateWatch(
            self,
            tls.trustManager(),
            this::connections,
            runtime.clock(),
            runtime.transport().workers().next(),
            runtime.blockingExecutor());
  }

  /**
   * As {@link #start(NodeConfig, NodeRuntime, NodeTls, EnvelopeHandler, LinkListener,
   * TransportSettings)} with the node's certificate and key from its PKI directory and default
   * transport settings on the runtime's clock, the way every node program starts.
   */
  public static NodeTransport start(
      NodeConfig config, NodeRuntime runtime, EnvelopeHandler handler, LinkListener listener) {
    return start(
        config,
        runtime,
        NodeTls.load(config.pkiDir(), config.node()),
        handler,
        listener,
        TransportSettings.defaults().withClock(runtime.clock()));
  }

  /**
   * Binds the node's server and, if the config has an upstream, starts dialling it. Returns once
   * the server is listening; the upstream link comes up in the background and redials forever.
   * Every request from either side passes a {@link RequestGate} before it reaches {@code handler}.
   */
  public static NodeTransport start(
      NodeConfig config,
      NodeRuntime runtime,
      NodeTls tls,
      EnvelopeHandler handler,
      LinkListener listener,
      TransportSettings settings) {
    Objects.requireNonNull(listener, "listener");
    PeerId self = config.node();
    RequestGate gate = new RequestGate(self, Objects.requireNonNull(handler, "handler"));
    LinkTable links = new LinkTable(runtime.clock());
    long startedAt = runtime.clock().millis();
    NodeServer server =
        NodeServer.start(
            runtime.transport(),
            tls,
            self,
            config.listen().toSocketAddress(),
            gate,
            new Watching(self, links, listener, false),
            settings);
    UpstreamLink upstream = null;
    if (config.upstream() != null) {
      links.dialling(config.upstreamNode());
      try {
        upstream =
            UpstreamLink.start(
                runtime.transport(),
                tls,
                self,
                config.upstreamNode(),
                config.upstream().toSocketAddress(),
                gate,
                new Watching(self, links, listener, true),
                settings);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }
    return new NodeTransport(config, tls, links, startedAt, server, upstream, gate, runtime);
  }

  /** The config it was started from. */
  public NodeConfig config() {
    return config;
  }

  public PeerId self() {
    return self;
  }

  public InetSocketAddress localAddress() {
    return server.localAddress();
  }

  public NodeServer server() {
    return server;
  }

  /** The link to the upstream server; empty for the national server. */
  public Optional<UpstreamLink> upstream() {
    return Optional.ofNullable(upstream);
  }

  /** The gate every request passes (to listen for its NOT_PERMITTED refusals). */
  public RequestGate gate() {
    return gate;
  }

  /** The node's TLS (to listen for client certificates refused at the handshake). */
  public NodeTls tls() {
    return tls;
  }

  public LinkTable links() {
    return links;
  }

  /** Every established connection: accepted ones and the upstream link when up. */
  public List<Connection> connections() {
    List<Connection> all = new ArrayList<>(server.connections());
    if (upstream != null) {
      upstream.connection().ifPresent(all::add);
    }
    return all;
  }

  /**
   * This node's NodeStatus: who, where, since when, certificate expiry, every link, and the
   * counters {@code accept_failures}, {@code requests_not_permitted}, {@code responses_unmatched}
   * and {@code requests_overloaded} over all its connections.
   */
  public NodeStatus status() {
    NodeStatus.Builder b =
        NodeStatus.newBuilder()
            .setNode(self.toProto())
            .setListenAddress(hostPort(server.localAddress()))
            .setStartedAtMillis(startedAtMillis)
            .setCertificateNotAfterMillis(tls.certificateNotAfterMillis())
            .putCounters("accept_failures", server.acceptFailures())
            .putCounters("requests_not_permitted", gate.notPermitted());
    links.snapshot().forEach(l -> b.addLinks(l.toProto()));
    b.putAllCounters(server.counters().asMap());
    if (upstream != null) {
      upstream
          .counters()
          .asMap()
          .forEach((name, n) -> b.putCounters(name, b.getCountersOrDefault(name, 0) + n));
    }
    return b.build();
  }

  @Override
  public void close() {
    watch.close();
    if (upstream != null) {
      upstream.close();
      links.closed(upstreamPeer);
    }
    server.close();
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /** Keeps the link table current, then tells the node's listener. */
  private static final class Watching implements LinkListener {
    private final PeerId self;
    private final LinkTable links;
    private final LinkListener delegate;
    private final boolean outbound;

    Watching(PeerId self, LinkTable links, LinkListener delegate, boolean outbound) {
      this.self = self;
      this.links = links;
      this.delegate = delegate;
      this.outbound = outbound;
    }

    @Override
    public void onConnected(Connection connection) {
      links.up(connection, outbound);
      log("up", connection);
      delegate.onConnected(connection);
    }

    @Override
    public void onDisconnected(Connection connection) {
      links.down(connection, outbound);
      log("down", connection);
      delegate.onDisconnected(connection);
    }

    // Monitors and operators connect for every CLI call: keep those out of INFO.
    private void log(String what, Connection connection) {
      NodeRole role = connection.peer().role();
      if (role == NodeRole.NODE_ROLE_MONITOR || role == NodeRole.NODE_ROLE_OPERATOR) {
        LOG.debug("{}: link from {} {}", self, connection.peer(), what);
      } else {
        LOG.info("{}: link {} {} {}", self, outbound ? "to" : "from", connection.peer(), what);
      }
    }
  }
}
