package jp.jukinet.cs;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import jp.jukinet.cs.resident.OperationHandler;
import jp.jukinet.cs.resident.QueryHandler;
import jp.jukinet.cs.resident.ResidentOperations;
import jp.jukinet.cs.resident.RoutedEffects;
import jp.jukinet.cs.routing.RemoteRequests;
import jp.jukinet.cs.routing.RoutedInbox;
import jp.jukinet.cs.routing.WideAreaCopies;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.node.relay.MailboxForwarder;
import jp.jukinet.node.replication.ChangeSender;
import jp.jukinet.node.replication.ReplicationLag;
import jp.jukinet.node.runtime.Dispatcher;
import jp.jukinet.node.runtime.Node;
import jp.jukinet.node.runtime.NodeKind;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.node.runtime.NodeTransport;
import jp.jukinet.node.runtime.RecordListing;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.id.CodeAllocator;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import jp.jukinet.protocol.transport.LinkListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CS (コミュニケーションサーバ) of one municipality: listens for its operators and monitors; dials its
 * prefecture server.
 *
 * <p>Operators record resident operations here; each is committed with its 変更情報 in one batch
 * ({@link CsStore}) and sent upward by a {@link ChangeSender} on the upstream link. Routed messages
 * to and from other CSs (転入通知, 転出証明書情報, 広域交付) travel through the prefecture server ({@link
 * MailboxForwarder}, {@link RoutedInbox}). The outbox and the mailbox wake their senders themselves
 * when what a commit queued becomes durable. Business work runs on the runtime's blocking executor,
 * never on an event loop.
 */
public final class CsNode implements Node {
  private static final Logger LOG = LoggerFactory.getLogger(CsNode.class);
  private static final NodeKind KIND = new NodeKind("cs-node", "cs", NodeRole.NODE_ROLE_CS);

  private final NodeConfig config;
  private final String name;
  private final Dispatcher dispatcher;
  private final CsStore store;
  private final ChangeSender changes;
  private final MailboxForwarder routedSender;
  private final RemoteRequests remote;
  private final OperationHandler operationHandler;
  private final QueryHandler queryHandler;
  private final RecordListing listing;
  private final RoutedInbox inbox;
  private final WideAreaCopies copies;
  private final NodeTransport transport;

  private CsNode(NodeConfig config, NodeRuntime runtime, CsSettings settings) {
    this.config = config;
    this.name = config.node().name();
    Executor executor = runtime.blockingExecutor();
    this.dispatcher =
        new Dispatcher(
            KIND,
            config.node(),
            executor,
            (connection, request, e) -> Replies.error(name, connection, request, e));
    LocalGovernmentCode self = LocalGovernmentCode.parse(config.node().code());
    Clock calendar = SkewedClock.of(name, config.calendar(runtime.clock()), config.dataDir());
    this.store =
        CsStore.open(
            name,
            self,
            config.dataDir(),
            runtime.store(),
            executor,
            runtime.clock(),
            calendar,
            CodeAllocator.forNetwork(config.pkiDir().resolve("ca.pem")));
    try {
      this.changes =
          new ChangeSender(name, store.outbox(), executor, runtime.clock(), settings.changes());
      this.routedSender =
          new MailboxForwarder(
              name, store.mailbox(), CsStore.UPSTREAM_HOP, executor, settings.routed());
      store.mailbox().onDurable(hop -> routedSender.wake());
      this.remote = new RemoteRequests(settings.remoteTimeout());
      ResidentOperations operations = new ResidentOperations(self, calendar);
      CsWork work = new CsWork(name, store, operations, remote);
      this.operationHandler = new OperationHandler(work);
      this.queryHandler = new QueryHandler(name, store, operations);
      this.listing = new RecordListing(store.registry(), dispatcher, self.value());
      this.inbox = new RoutedInbox(work, new RoutedEffects(self, calendar));
      this.copies = new WideAreaCopies(work);
      Handler handler = new Handler();
      this.transport = NodeTransport.start(config, runtime, handler, handler);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    LOG.info(
        "{}: {} residents, {} changes recorded, {} unacknowledged upward",
        name,
        store.residentCount(),
        store.changesRecorded(),
        store.outbox().size());
  }

  /** Starts the node; returns once its server is listening (its upstream link comes up later). */
  public static CsNode start(NodeConfig config, NodeRuntime runtime) {
    return start(config, runtime, CsSettings.defaults());
  }

  public static CsNode start(NodeConfig config, NodeRuntime runtime, CsSettings settings) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(settings, "settings");
    KIND.requireRunnable(config);
    return new CsNode(config, runtime, settings);
  }

  private final class Handler implements EnvelopeHandler, LinkListener {
    @Override
    public void onEnvelope(Connection connection, Envelope envelope) {
      switch (envelope.getBodyCase()) {
        case NODE_STATUS_REQUEST ->
            connection.reply(envelope, Envelope.newBuilder().setNodeStatus(status()));
        case RESIDENT_OPERATION_REQUEST ->
            dispatcher.offload(connection, envelope, operationHandler::handle);
        case RESIDENT_QUERY -> dispatcher.offload(connection, envelope, queryHandler::query);
        case BULK_RECORD_REQUEST ->
            dispatcher.offload(connection, envelope, operationHandler::handleBulk);
        case LIST_RECORDS_REQUEST -> listing.onRequest(connection, envelope);
        case WIDE_AREA_COPY_REQUEST -> dispatcher.offload(connection, envelope, copies::handle);
        case ROUTED_MESSAGE -> dispatcher.offload(connection, envelope, inbox::handle);
        default -> dispatcher.unhandled(connection, envelope);
      }
    }

    @Override
    public void onConnected(Connection connection) {
      if (isUpstream(connection)) {
        changes.attach(connection);
        routedSender.attach(connection);
      }
    }

    @Override
    public void onDisconnected(Connection connection) {
      if (isUpstream(connection)) {
        changes.detach();
        routedSender.detach(connection);
      }
    }

    private boolean isUpstream(Connection connection) {
      return connection.peer().equals(config.upstreamNode());
    }
  }

  @Override
  public PeerId id() {
    return config.node();
  }

  @Override
  public InetSocketAddress localAddress() {
    return transport.localAddress();
  }

  /** The CS's database (for tests and tools in the same JVM). */
  public CsStore store() {
    return store;
  }

  public ChangeSender changeSender() {
    return changes;
  }

  /**
   * Links plus counters: residents, changes_recorded, outbox_size, outbox_oldest_unacked_millis,
   * routed_pending.
   */
  @Override
  public NodeStatus status() {
    NodeStatus.Builder b =
        ReplicationLag.withUpstreamLag(transport.status(), config.upstreamNode(), store.outbox())
            .toBuilder();
    long unacked = store.outbox().size();
    long oldest = store.outbox().oldestUnackedMillis().orElse(0);
    b.putCounters("residents", store.residentCount());
    b.putCounters("changes_recorded", store.changesRecorded());
    b.putCounters("outbox_size", unacked);
    b.putCounters("outbox_oldest_unacked_millis", oldest);
    b.putCounters("codes_allocated", store.codesAllocated());
    b.putCounters("remote_requests_waiting", remote.waitingCount());
    return b.build();
  }

  @Override
  public void close() {
    transport.close();
    store.close();
  }

  @Override
  public void abandon() {
    transport.close();
    store.database().abandon();
  }
}
