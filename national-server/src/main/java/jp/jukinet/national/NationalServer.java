package jp.jukinet.national;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.node.NetworkNode;
import jp.jukinet.protocol.node.NodeKind;
import jp.jukinet.protocol.node.NodeRuntime;
import jp.jukinet.protocol.node.NodeTransport;
import jp.jukinet.protocol.node.RecordListing;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.relay.RoutedRelay;
import jp.jukinet.protocol.replication.ChangeReceiver;
import jp.jukinet.protocol.store.IdentityRegistry;
import jp.jukinet.protocol.store.InboundLedger;
import jp.jukinet.protocol.store.NodeDatabase;
import jp.jukinet.protocol.store.RoutedMailbox;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.EnvelopeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 全国サーバ (the national server run by 機構): listens for prefecture servers, agencies and
 * monitors; dials nothing.
 *
 * <ul>
 *   <li>変更情報 from the prefecture servers: each (source municipality, sequence) applied once to
 *       everyone's 本人確認情報 ({@link IdentityRegistry}: indexes by 住民票コード, 個人番号 and
 *       4情報, full history per person, as-of queries), then acknowledged cumulatively.
 *   <li>Routed messages between prefectures ({@link RoutedRelay}), and the 住民票コード変更
 *       notices this server sends to the municipalities a person lived in before
 *       ({@link CodeChangeFanout}).
 *   <li>{@code list_records_request} (monitor) and {@code node_status_request} with counters.
 * </ul>
 */
public final class NationalServer implements NetworkNode {
  private static final Logger LOG = LoggerFactory.getLogger(NationalServer.class);
  private static final NodeKind KIND = new NodeKind("national-server", "national", NodeRole.NODE_ROLE_NATIONAL);

  /** Every column family the national server's database holds. */
  public static final List<String> COLUMN_FAMILIES = columnFamilies();

  private final NodeConfig config;
  private final NodeDatabase db;
  private final IdentityRegistry registry;
  private final InboundLedger ledger;
  private final ChangeReceiver receiver;
  private final RoutedRelay relay;
  private final CodeChangeFanout fanout;
  private final RecordListing listing;
  private final NodeTransport transport;

  private NationalServer(NodeConfig config, NodeRuntime runtime) {
    this.config = config;
    String name = config.node().name();
    this.db = NodeDatabase.open(name, config.dataDir(), COLUMN_FAMILIES, runtime.store(), runtime.blockingExecutor());
    try {
      this.registry = new IdentityRegistry(db);
      this.ledger = new InboundLedger(db);
      NationalRouting routing = new NationalRouting();
      RoutedMailbox mailbox = new RoutedMailbox(db, runtime.clock(), routing::nextHop);
      this.relay = new RoutedRelay(name, mailbox, routing, runtime.blockingExecutor(), RoutedRelay.Settings.defaults());
      this.fanout = new CodeChangeFanout(db, registry, mailbox, runtime.clock(), relay::wake);
      this.receiver = new ChangeReceiver(name, db, ledger, ChangeReceiver.upstreamPolicy(), fanout::apply);
      this.listing = new RecordListing(registry, runtime.blockingExecutor());
      this.transport = NodeTransport.start(config, runtime, new Handler());
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    LOG.info("{}: database open: {} persons, {} source municipalities", name, registry.count(),
        ledger.highWaterMarks().size());
  }

  /** Starts the node; returns once its server is listening. */
  public static NationalServer start(NodeConfig config, NodeRuntime runtime) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(runtime, "runtime");
    KIND.requireRunnable(config);
    return new NationalServer(config, runtime);
  }

  private static List<String> columnFamilies() {
    List<String> cfs = new ArrayList<>(IdentityRegistry.COLUMN_FAMILIES);
    cfs.addAll(InboundLedger.COLUMN_FAMILIES);
    cfs.addAll(RoutedMailbox.COLUMN_FAMILIES);
    return List.copyOf(cfs);
  }

  private final class Handler implements EnvelopeHandler {
    @Override
    public void onEnvelope(Connection connection, Envelope envelope) {
      switch (envelope.getBodyCase()) {
        case IDENTITY_CHANGE_BATCH -> receiver.onBatch(connection, envelope);
        case ROUTED_MESSAGE -> relay.onMessage(connection, envelope);
        case LIST_RECORDS_REQUEST -> listing.onRequest(connection, envelope);
        case NODE_STATUS_REQUEST -> connection.reply(envelope, Envelope.newBuilder().setNodeStatus(status()));
        default -> KIND.replyUnhandled(connection, envelope, config.node());
      }
    }

    @Override
    public void onConnected(Connection connection) {
      relay.onConnected(connection);
    }

    @Override
    public void onDisconnected(Connection connection) {
      relay.onDisconnected(connection);
    }
  }

  @Override
  public NodeConfig config() {
    return config;
  }

  @Override
  public NodeTransport transport() {
    return transport;
  }

  /** Everyone's 本人確認情報: lookups by code, 個人番号, 4情報, history and as-of. */
  public IdentityRegistry registry() {
    return registry;
  }

  /** Per source municipality, the highest sequence applied here. */
  public Map<String, Long> appliedThrough() {
    return ledger.highWaterMarks();
  }

  /**
   * Links and counters: {@code changes_applied} (sum over sources of the highest applied
   * sequence: sequences have no gaps, so this is the number of changes applied),
   * {@code applied.<source>} per source municipality, {@code persons}, the relay's
   * {@code routed_*}, and {@code code_change_notices} (住民票コード変更 notices staged since start).
   */
  @Override
  public NodeStatus status() {
    NodeStatus.Builder b = transport.status().toBuilder();
    long applied = 0;
    for (Map.Entry<String, Long> e : ledger.highWaterMarks().entrySet()) {
      applied += e.getValue();
      b.putCounters("applied." + e.getKey(), e.getValue());
    }
    b.putCounters("changes_applied", applied);
    b.putCounters("persons", registry.count());
    b.putAllCounters(relay.counters());
    b.putCounters("code_change_notices", fanout.staged());
    return b.build();
  }

  @Override
  public void close() {
    try {
      transport.close();
    } finally {
      db.close();
    }
  }
}
