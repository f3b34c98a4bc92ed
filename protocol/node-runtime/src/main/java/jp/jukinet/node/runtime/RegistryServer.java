package jp.jukinet.node.runtime;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import jp.jukinet.node.provision.ProvisionLog;
import jp.jukinet.node.provision.SecurityLog;
import jp.jukinet.node.relay.RoutedRelay;
import jp.jukinet.node.replication.ChangeReceiver;
import jp.jukinet.node.replication.ChangeSender;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.InboundLedger;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.LinkListener;

/**
 * What the 都道府県サーバ and the 全国サーバ share: the database holding 本人確認情報 ({@link IdentityRegistry}) and
 * the {@link InboundLedger} of 変更情報 applied from below; the node's transport, whose envelopes go to
 * the server's {@link ChangeReceiver}, its {@link RoutedRelay} and a {@link RecordListing}; the
 * counters built from them; the provision and security logs ({@link ProvisionLog}, {@link
 * SecurityLog}, empty until the server provides); and closing it all, transport first, then sealing
 * the provision log.
 *
 * <p>A server {@link #open}s it, builds its receiver and relay on {@link #db()}, then {@link
 * #serve}s; if anything fails in between it closes it (which closes the database).
 */
public final class RegistryServer implements AutoCloseable {
  /**
   * The column families it needs: registry, inbound ledger, routed mailbox, provision and security
   * logs.
   */
  public static final List<String> COLUMN_FAMILIES = columnFamilies();

  private static final Set<Envelope.BodyCase> OWN_BODIES =
      EnumSet.of(
          Envelope.BodyCase.IDENTITY_CHANGE_BATCH,
          Envelope.BodyCase.ROUTED_MESSAGE,
          Envelope.BodyCase.LIST_RECORDS_REQUEST,
          Envelope.BodyCase.NODE_STATUS_REQUEST);

  private final Dispatcher dispatcher;
  private final NodeConfig config;
  private final NodeRuntime runtime;
  private final NodeDatabase db;
  private final IdentityRegistry registry;
  private final InboundLedger ledger;
  private final ProvisionLog provisionLog;
  private final SecurityLog securityLog;
  private final Map<Envelope.BodyCase, EnvelopeHandler> extraHandlers =
      new EnumMap<>(Envelope.BodyCase.class);
  // Set once by serve(), before any envelope can arrive that needs them.
  private RoutedRelay relay;
  private ChangeSender upstreamSender;
  private NodeTransport transport;

  /** Opens the node's database with {@code columnFamilies} (at least {@link #COLUMN_FAMILIES}). */
  public static RegistryServer open(
      NodeKind kind, NodeConfig config, NodeRuntime runtime, List<String> columnFamilies) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(runtime, "runtime");
    if (!columnFamilies.containsAll(COLUMN_FAMILIES)) {
      throw new IllegalArgumentException(
          "column families " + columnFamilies + " must include every one of " + COLUMN_FAMILIES);
    }
    NodeDatabase db =
        NodeDatabase.open(
            config.node().name(),
            config.dataDir(),
            columnFamilies,
            runtime.store(),
            runtime.blockingExecutor());
    return new RegistryServer(kind, config, runtime, db);
  }

  private RegistryServer(NodeKind kind, NodeConfig config, NodeRuntime runtime, NodeDatabase db) {
    this.dispatcher = new Dispatcher(kind, config.node(), runtime.blockingExecutor());
    this.config = config;
    this.runtime = runtime;
    this.db = db;
    try {
      this.registry = new IdentityRegistry(db);
      this.ledger = new InboundLedger(db);
      this.provisionLog =
          new ProvisionLog(
              db, ProvisionLog.nodeKey(config), calendar(), ProvisionLog.Settings.defaults());
      this.securityLog = new SecurityLog(db);
      provisionLog.sealPeriodically(runtime.transport().workers().next());
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static List<String> columnFamilies() {
    List<String> cfs = new ArrayList<>(IdentityRegistry.COLUMN_FAMILIES);
    cfs.addAll(InboundLedger.COLUMN_FAMILIES);
    cfs.addAll(RoutedMailbox.COLUMN_FAMILIES);
    cfs.addAll(ProvisionLog.COLUMN_FAMILIES);
    cfs.addAll(SecurityLog.COLUMN_FAMILIES);
    return List.copyOf(cfs);
  }

  public NodeDatabase db() {
    return db;
  }

  public IdentityRegistry registry() {
    return registry;
  }

  public InboundLedger ledger() {
    return ledger;
  }

  /** Every provision this server made (提供記録), its index by person and its counters. */
  public ProvisionLog provisionLog() {
    return provisionLog;
  }

  /** Every provision request this server refused. */
  public SecurityLog securityLog() {
    return securityLog;
  }

  /** Per source municipality, the highest sequence applied here. */
  public Map<String, Long> appliedThrough() {
    return ledger.highWaterMarks();
  }

  /**
   * As {@link #serve(ChangeReceiver, RoutedRelay, ChangeSender, Supplier)} with no upstream (the
   * national server).
   */
  public void serve(ChangeReceiver receiver, RoutedRelay relay, Supplier<NodeStatus> status) {
    serve(receiver, relay, null, status);
  }

  /**
   * Starts the node's transport: change batches go to {@code receiver}, routed messages and link
   * events to {@code relay}, record listings to a {@link RecordListing} of the registry, status
   * requests are answered with {@code status}, and {@code upstreamSender} (when not null) is
   * attached to the link to the config's upstream node whenever it is up.
   */
  public void serve(
      ChangeReceiver receiver,
      RoutedRelay relay,
      ChangeSender upstreamSender,
      Supplier<NodeStatus> status) {
    if (transport != null) {
      throw new IllegalStateException(config.node().name() + " is already serving");
    }
    this.relay = Objects.requireNonNull(relay, "relay");
    this.upstreamSender = upstreamSender;
    RecordListing listing = new RecordListing(registry, dispatcher);
    Handler handler =
        new Handler(
            Objects.requireNonNull(receiver, "receiver"),
            listing,
            Objects.requireNonNull(status, "status"));
    this.transport = NodeTransport.start(config, runtime, handler, handler);
  }

  /**
   * Sends envelopes with {@code bodies} to {@code handler} (the server's own services, such as
   * provision); only before {@link #serve}, and only bodies the registry server does not handle
   * itself.
   */
  public void handle(Set<Envelope.BodyCase> bodies, EnvelopeHandler handler) {
    Objects.requireNonNull(handler, "handler");
    if (transport != null) {
      throw new IllegalStateException(config.node().name() + ": handle() after serve()");
    }
    for (Envelope.BodyCase body : bodies) {
      if (OWN_BODIES.contains(body) || extraHandlers.putIfAbsent(body, handler) != null) {
        throw new IllegalArgumentException(
            config.node().name() + ": " + body + " already has a handler");
      }
    }
  }

  /**
   * Domain time: the network's calendar (provision and security log times, the months counters
   * count in), or the wall clock when the network has none.
   */
  public java.time.Clock calendar() {
    return config.calendar(runtime.clock());
  }

  /** Runs requests off the event loop for this server's handlers. */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** The server, upstream link and link table; null before {@link #serve}. */
  public NodeTransport transport() {
    return transport;
  }

  /**
   * Adds {@code changes_applied} (sum over sources of the highest applied sequence: sequences have
   * no gaps, so this is the number of changes applied), {@code persons} and the relay's {@code
   * routed_*}; with {@code perSource} also {@code applied.<source>} per source municipality.
   */
  public NodeStatus.Builder putCounters(NodeStatus.Builder b, boolean perSource) {
    long applied = 0;
    for (Map.Entry<String, Long> e : ledger.highWaterMarks().entrySet()) {
      applied += e.getValue();
      if (perSource) {
        b.putCounters("applied." + e.getKey(), e.getValue());
      }
    }
    b.putCounters("changes_applied", applied);
    b.putCounters("persons", registry.count());
    b.putAllCounters(relay.counters());
    return b;
  }

  /**
   * Closes the transport and detaches the upstream sender (if serving), seals the provision log,
   * then closes the database.
   */
  @Override
  public void close() {
    stop(
        () -> {
          provisionLog.close();
          db.close();
        });
  }

  /** Stops as {@link Node#abandon()} says: the database's queued commits are dropped. */
  public void abandon() {
    stop(
        () -> {
          provisionLog.abandon();
          db.abandon();
        });
  }

  private void stop(Runnable closeDatabase) {
    if (transport == null) {
      closeDatabase.run();
      return;
    }
    try {
      transport.close();
    } finally {
      if (upstreamSender != null) {
        upstreamSender.detach();
      }
      closeDatabase.run();
    }
  }

  private final class Handler implements EnvelopeHandler, LinkListener {
    private final ChangeReceiver receiver;
    private final RecordListing listing;
    private final Supplier<NodeStatus> status;

    Handler(ChangeReceiver receiver, RecordListing listing, Supplier<NodeStatus> status) {
      this.receiver = receiver;
      this.listing = listing;
      this.status = status;
    }

    @Override
    public void onEnvelope(Connection connection, Envelope envelope) {
      switch (envelope.getBodyCase()) {
        case IDENTITY_CHANGE_BATCH -> receiver.onBatch(connection, envelope);
        case ROUTED_MESSAGE -> relay.onMessage(connection, envelope);
        case LIST_RECORDS_REQUEST -> listing.onRequest(connection, envelope);
        case NODE_STATUS_REQUEST ->
            connection.reply(envelope, Envelope.newBuilder().setNodeStatus(status.get()));
        default -> {
          EnvelopeHandler extra = extraHandlers.get(envelope.getBodyCase());
          if (extra != null) {
            extra.onEnvelope(connection, envelope);
          } else {
            dispatcher.unhandled(connection, envelope);
          }
        }
      }
    }

    @Override
    public void onConnected(Connection connection) {
      if (isUpstream(connection)) {
        upstreamSender.attach(connection);
      }
      relay.onConnected(connection);
    }

    @Override
    public void onDisconnected(Connection connection) {
      if (isUpstream(connection)) {
        upstreamSender.detach();
      }
      relay.onDisconnected(connection);
    }

    private boolean isUpstream(Connection connection) {
      return upstreamSender != null && connection.peer().equals(config.upstreamNode());
    }
  }
}
