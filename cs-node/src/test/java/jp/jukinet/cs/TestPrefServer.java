package jp.jukinet.cs;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.RoutedAck;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.node.replication.ChangeReceiver;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.InboundLedger;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.protocol.testing.TestPki;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.LinkListener;
import jp.jukinet.protocol.transport.NodeServer;
import jp.jukinet.protocol.transport.TransportSettings;

/**
 * A stand-in prefecture server for the CS tests (the real one is pref-server's, which cs-node may
 * not depend on): real socket, TLS and RocksDB; receives changes with a {@link ChangeReceiver}
 * into an {@link IdentityRegistry}, and relays routed messages between its own CSs
 * store-and-forward, holding messages for a CS that is not connected.
 */
final class TestPrefServer implements AutoCloseable {
  private final PeerId self;
  private final NodeDatabase db;
  private final IdentityRegistry registry;
  private final InboundLedger ledger;
  private final RoutedMailbox mailbox;
  private final ChangeReceiver receiver;
  private final NodeServer server;
  private final Map<PeerId, Connection> css = new ConcurrentHashMap<>();
  private final List<String> seenRoutes = java.util.Collections.synchronizedList(new ArrayList<>());

  TestPrefServer(PeerId self, TestPki pki, Path dataDir, NodeRuntime runtime, int port) {
    this.self = self;
    List<String> cfs = new ArrayList<>(IdentityRegistry.COLUMN_FAMILIES);
    cfs.addAll(InboundLedger.COLUMN_FAMILIES);
    cfs.addAll(RoutedMailbox.COLUMN_FAMILIES);
    this.db = NodeDatabase.open(self.name(), dataDir, cfs, runtime.store(), runtime.blockingExecutor());
    this.registry = new IdentityRegistry(db);
    this.ledger = new InboundLedger(db);
    this.mailbox = new RoutedMailbox(db, runtime.clock());
    this.receiver = new ChangeReceiver(self.name(), db, ledger, ChangeReceiver.upstreamPolicy(),
        (batch, change) -> registry.apply(batch, change));
    Handler handler = new Handler();
    this.server = NodeServer.start(runtime.transport(), pki.tls(self), self, new InetSocketAddress("127.0.0.1", port),
        handler, handler, TransportSettings.defaults());
  }

  InetSocketAddress address() {
    return server.localAddress();
  }

  IdentityRegistry registry() {
    return registry;
  }

  long highWaterMark(String source) {
    return ledger.highWaterMark(source);
  }

  Optional<IdentityInfo> current(String code) {
    return registry.current(code);
  }

  /** Route ids as they arrived from CSs, repeats included. */
  List<String> routesReceived() {
    synchronized (seenRoutes) {
      return List.copyOf(seenRoutes);
    }
  }

  /** Hands {@code m} to the connected CS {@code cs} as this prefecture server would; completes with its answer. */
  java.util.concurrent.CompletableFuture<Envelope> deliver(PeerId cs, RoutedMessage m) {
    return request(cs, Envelope.newBuilder().setRoutedMessage(m));
  }

  /** Sends {@code body} to the connected CS {@code cs} over its upstream link; completes with its answer. */
  java.util.concurrent.CompletableFuture<Envelope> request(PeerId cs, Envelope.Builder body) {
    Connection c = css.get(cs);
    if (c == null) {
      throw new IllegalStateException(cs + " is not connected to the test PS");
    }
    return c.request(body, Duration.ofSeconds(10));
  }

  int pendingFor(PeerId cs) {
    return mailbox.pendingFor(cs.name()).size();
  }

  private void pump(PeerId cs) {
    Connection c = css.get(cs);
    if (c == null || !c.isActive()) {
      return;
    }
    for (RoutedMessage m : mailbox.pendingFor(cs.name())) {
      c.request(Envelope.newBuilder().setRoutedMessage(m), Duration.ofSeconds(10)).whenComplete((resp, err) -> {
        if (err == null && resp.hasRoutedAck()) {
          mailbox.delivered(m.getRouteId());
        }
      });
    }
  }

  private final class Handler implements EnvelopeHandler, LinkListener {
    @Override
    public void onEnvelope(Connection connection, Envelope envelope) {
      switch (envelope.getBodyCase()) {
        case IDENTITY_CHANGE_BATCH -> receiver.onBatch(connection, envelope);
        case ROUTED_MESSAGE -> {
          RoutedMessage m = envelope.getRoutedMessage();
          seenRoutes.add(m.getRouteId());
          mailbox.accept(m, PeerId.cs(m.getDestinationMunicipality()).name()).whenComplete((fresh, err) -> {
            if (err != null) {
              connection.replyError(envelope, ErrorCode.ERROR_CODE_INTERNAL, err.toString());
              return;
            }
            connection.reply(envelope, Envelope.newBuilder().setRoutedAck(
                RoutedAck.newBuilder().setRouteId(m.getRouteId())));
            pump(PeerId.cs(m.getDestinationMunicipality()));
          });
        }
        default -> connection.replyError(envelope, ErrorCode.ERROR_CODE_UNKNOWN_BODY, "test PS: " + envelope.getBodyCase());
      }
    }

    @Override
    public void onConnected(Connection connection) {
      css.put(connection.peer(), connection);
      pump(connection.peer());
    }

    @Override
    public void onDisconnected(Connection connection) {
      css.remove(connection.peer(), connection);
    }
  }

  @Override
  public void close() {
    server.close();
    db.close();
  }
}
