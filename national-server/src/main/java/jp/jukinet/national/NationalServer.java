package jp.jukinet.national;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.jukinet.national.batch.BatchLimits;
import jp.jukinet.national.batch.BatchProvisionService;
import jp.jukinet.national.provision.AgencyRegistry;
import jp.jukinet.national.provision.NationalProvision;
import jp.jukinet.node.provision.ProvisionLog;
import jp.jukinet.node.provision.ProvisionLogService;
import jp.jukinet.node.provision.RegistryLookup;
import jp.jukinet.node.provision.ReportService;
import jp.jukinet.node.provision.SecurityLog;
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
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.proto.SecurityEvent;
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
 *   <li>Provision ({@link NationalProvision}): 即時提供 to agencies under the purpose checks of the
 *       agency registry, 開示 and the monitor's reports; refusals written to the security log.
 *   <li>一括提供 and 磁気媒体 ({@link BatchProvisionService}): agencies' batches streamed with credit,
 *       resumable, logged chunk by chunk; media records (REPORT_KIND_MEDIA).
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
  private final NationalProvision provision;

  private static List<String> columnFamilies() {
    List<String> cfs = new ArrayList<>(RegistryServer.COLUMN_FAMILIES);
    cfs.addAll(NationalProvision.columnFamilies());
    cfs.addAll(BatchProvisionService.COLUMN_FAMILIES);
    return List.copyOf(cfs);
  }

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
      this.provision =
          new NationalProvision(
              server,
              AgencyRegistry.load(),
              new RegistryLookup(server.registry()),
              new NationalProvision.Logs(
                  server.provisionLog(),
                  server.securityLog(),
                  server.provisionLog()::byPerson,
                  server.provisionLog()::counters,
                  securityPages(server.securityLog())),
              server.calendar());
      serveBatches(runtime);
      server.handle(
          ProvisionLogService.BODIES,
          new ProvisionLogService(
              server.provisionLog(),
              server.dispatcher(),
              TransportSettings.defaults().wireLimits()));
      server.serve(receiver, relay, this::status);
      provision.watch(server.transport());
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

  /**
   * 一括提供 and 磁気媒体 ({@link BatchProvisionService}) under the same purpose checks and security log as
   * 即時提供, its media records answering REPORT_KIND_MEDIA.
   */
  private void serveBatches(NodeRuntime runtime) {
    BatchProvisionService batches =
        new BatchProvisionService(
            server.db(),
            server.dispatcher(),
            runtime.blockingExecutor(),
            server.calendar(),
            new BatchProvisionService.Deps(
                provision.purpose(),
                new RegistryLookup(server.registry()),
                server.provisionLog(),
                provision.refusals()),
            BatchLimits.defaults(),
            TransportSettings.defaults().wireLimits());
    server.handle(BatchProvisionService.BODIES, batches);
    provision
        .reports()
        .register(
            ReportKind.REPORT_KIND_MEDIA, (from, to, request) -> batches.mediaReport(request));
  }

  private static ReportService.SecurityPages securityPages(SecurityLog log) {
    return new ReportService.SecurityPages() {
      @Override
      public List<SecurityEvent> page(long afterSequence, int limit) {
        return log.page(afterSequence, limit);
      }

      @Override
      public boolean hasAfter(long afterSequence) {
        return log.hasAfter(afterSequence);
      }
    };
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

  /** The agency registry, 即時提供, 開示 and reports (where other services register report kinds). */
  public NationalProvision provision() {
    return provision;
  }

  /** Per source municipality, the highest sequence applied here. */
  public Map<String, Long> appliedThrough() {
    return server.appliedThrough();
  }

  /**
   * Links and counters: {@code changes_applied} (sum over sources of the highest applied sequence:
   * sequences have no gaps, so this is the number of changes applied), {@code applied.<source>} per
   * source municipality, {@code persons}, the relay's {@code routed_*}, and {@code
   * code_change_notices} (住民票コード変更 notices staged since start), and the provision counters ({@code
   * refusals}, {@code refusals.<rule>}, {@code provisions_immediate}, {@code
   * provisions_not_found}).
   */
  @Override
  public NodeStatus status() {
    return server
        .putCounters(server.transport().status().toBuilder(), true)
        .putCounters("code_change_notices", fanout.staged())
        .putAllCounters(provision.counters())
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
