package jp.jukinet.national;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.jukinet.national.batch.BatchLimits;
import jp.jukinet.national.batch.BatchProvisionService;
import jp.jukinet.national.batch.MediaReportHandler;
import jp.jukinet.node.provision.ProvisionLog;
import jp.jukinet.node.provision.ProvisionLogService;
import jp.jukinet.node.relay.MailboxForwarder;
import jp.jukinet.node.relay.RoutedRelay;
import jp.jukinet.node.replication.ChangeReceiver;
import jp.jukinet.node.runtime.Node;
import jp.jukinet.node.runtime.NodeKind;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.node.runtime.RegistryServer;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.transport.TransportSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 全国サーバ (the national server run by 機構): listens for prefecture servers, agencies and monitors;
 * dials nothing.
 *
 * <ul>
 *   <li>変更情報 from the prefecture servers: each (source municipality, sequence) applied once to
 *       everyone's 本人確認情報 ({@link IdentityRegistry}: indexes by 住民票コード, 個人番号 and 4情報, full history
 *       per person, as-of queries), then acknowledged cumulatively.
 *   <li>Routed messages between prefectures ({@link RoutedRelay}), and the 住民票コード変更 notices this
 *       server sends to the municipalities a person lived in before ({@link CodeChangeFanout}).
 *   <li>{@code list_records_request} (monitor) and {@code node_status_request} with counters.
 *   <li>{@code provision_log_request} (monitor): pages of the provision log ({@link
 *       ProvisionLogService}), for {@code jukinet verify-log}.
 * </ul>
 */
public final class NationalServer implements Node {
  private static final Logger LOG = LoggerFactory.getLogger(NationalServer.class);
  private static final NodeKind KIND =
      new NodeKind("national-server", "national", NodeRole.NODE_ROLE_NATIONAL);

  /** Every column family the national server's database holds. */
  public static final List<String> COLUMN_FAMILIES = columnFamilies();

  private final RegistryServer server;
  private final CodeChangeFanout fanout;

  private NationalServer(NodeConfig config, NodeRuntime runtime) {
    String name = config.node().name();
    this.server = RegistryServer.open(KIND, config, runtime, COLUMN_FAMILIES);
    try {
      NationalRouting routing = new NationalRouting();
      RoutedMailbox mailbox = new RoutedMailbox(server.db(), runtime.clock());
      RoutedRelay relay =
          new RoutedRelay(
              name,
              mailbox,
              routing,
              runtime.blockingExecutor(),
              MailboxForwarder.Settings.defaults());
      this.fanout =
          new CodeChangeFanout(
              server.db().nodeName(),
              server.registry(),
              mailbox,
              routing::nextHop,
              config.calendar(runtime.clock()));
      ChangeReceiver receiver =
          new ChangeReceiver(
              name, server.db(), server.ledger(), ChangeReceiver.upstreamPolicy(), fanout::apply);
      server.handle(
          ProvisionLogService.BODIES,
          new ProvisionLogService(
              server.provisionLog(),
              server.dispatcher(),
              TransportSettings.defaults().wireLimits()));
      serveBatches(runtime, config.calendar(runtime.clock()), InterimProvision.deps(server));
      server.serve(receiver, relay, this::status);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.info(
        "{}: database open: {} persons, {} source municipalities",
        name,
        server.registry().count(),
        server.appliedThrough().size());
  }

  private static List<String> columnFamilies() {
    List<String> cfs = new ArrayList<>(RegistryServer.COLUMN_FAMILIES);
    cfs.addAll(BatchProvisionService.COLUMN_FAMILIES);
    return List.copyOf(cfs);
  }

  /** 一括提供 and 磁気媒体 (with REPORT_KIND_MEDIA), registered before the server serves. */
  private void serveBatches(
      NodeRuntime runtime, java.time.Clock calendar, BatchProvisionService.Deps deps) {
    BatchProvisionService batches =
        new BatchProvisionService(
            server.db(),
            server.dispatcher(),
            runtime.blockingExecutor(),
            calendar,
            deps,
            BatchLimits.defaults(),
            TransportSettings.defaults().wireLimits());
    server.handle(BatchProvisionService.BODIES, batches);
    server.handle(
        EnumSet.of(Envelope.BodyCase.REPORT_REQUEST),
        new MediaReportHandler(batches, server.dispatcher()));
  }

  /** Starts the node; returns once its server is listening. */
  public static NationalServer start(NodeConfig config, NodeRuntime runtime) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(runtime, "runtime");
    KIND.requireRunnable(config);
    return new NationalServer(config, runtime);
  }

  @Override
  public PeerId id() {
    return PeerId.national();
  }

  @Override
  public InetSocketAddress localAddress() {
    return server.transport().localAddress();
  }

  /** Everyone's 本人確認情報. */
  public IdentityRegistry registry() {
    return server.registry();
  }

  /** Every provision made here (提供記録). */
  public ProvisionLog provisionLog() {
    return server.provisionLog();
  }

  /** Per source municipality, the highest sequence applied here. */
  public Map<String, Long> appliedThrough() {
    return server.appliedThrough();
  }

  /**
   * Links and counters: {@code changes_applied} (sum over sources of the highest applied sequence:
   * sequences have no gaps, so this is the number of changes applied), {@code applied.<source>} per
   * source municipality, {@code persons}, the relay's {@code routed_*}, and {@code
   * code_change_notices} (住民票コード変更 notices staged since start).
   */
  @Override
  public NodeStatus status() {
    return server
        .putCounters(server.transport().status().toBuilder(), true)
        .putCounters("code_change_notices", fanout.staged())
        .build();
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public void abandon() {
    server.abandon();
  }
}
