package jp.jukinet.pref;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.jukinet.node.relay.MailboxForwarder;
import jp.jukinet.node.relay.RoutedRelay;
import jp.jukinet.node.replication.ChangeReceiver;
import jp.jukinet.node.replication.ChangeSender;
import jp.jukinet.node.replication.ReplicationLag;
import jp.jukinet.node.runtime.Node;
import jp.jukinet.node.runtime.NodeKind;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.node.runtime.NodeTransport;
import jp.jukinet.node.runtime.RegistryServer;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.Outbox;
import jp.jukinet.node.store.RoutedMailbox;
import jp.jukinet.pref.use.PrefJimuRegistry;
import jp.jukinet.pref.use.PrefProvision;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.transport.TransportSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 都道府県サーバ (a prefecture server): listens for its CSs, its prefectural terminals and monitors; dials
 * the national server.
 *
 * <ul>
 *   <li>変更情報 from its CSs ({@code identity_change_batch}): each new (source, sequence) is applied
 *       to the prefecture's 本人確認情報 with history ({@link IdentityRegistry}) and appended to the
 *       outbox in one group-committed write ({@link ApplyAndForward}), then acknowledged
 *       cumulatively; a {@link ChangeSender} forwards the outbox to the national server (window,
 *       resend after reconnect).
 *   <li>Routed CS↔CS messages: stored, acknowledged and forwarded by a {@link RoutedRelay}; a
 *       住民票コード変更 notice from the national server (a former resident's code changed elsewhere) is
 *       also applied to the registry, in the same write ({@link CodeChangeFollower}).
 *   <li>Prefectural use ({@link PrefProvision}): 即時提供 to the prefecture's 業務端末 for its own 事務 under
 *       the purpose check of its registry, 個人番号 excluded; the provision and security logs, and the
 *       monitor's {@code report_request} (PREFECTURE_USE, REFUSALS) and {@code
 *       provision_log_request}.
 *   <li>{@code list_records_request} (monitor) and {@code node_status_request}, with the
 *       replication lag on the upstream link.
 * </ul>
 */
public final class PrefServer implements Node {
  private static final Logger LOG = LoggerFactory.getLogger(PrefServer.class);
  private static final NodeKind KIND =
      new NodeKind("pref-server", "pref", NodeRole.NODE_ROLE_PREFECTURE);

  /** Every column family a prefecture server's database holds. */
  public static final List<String> COLUMN_FAMILIES = columnFamilies();

  private final NodeConfig config;
  private final RegistryServer server;
  private final Outbox outbox;
  private final CodeChangeFollower codeChanges;
  private final PrefProvision provision;

  private PrefServer(NodeConfig config, NodeRuntime runtime) {
    this.config = config;
    String name = config.node().name();
    this.server = RegistryServer.open(KIND, config, runtime, COLUMN_FAMILIES);
    try {
      this.outbox = new Outbox(server.db(), runtime.clock());
      this.codeChanges = new CodeChangeFollower(server.registry());
      ChangeSender upstreamSender =
          new ChangeSender(
              name,
              outbox,
              runtime.blockingExecutor(),
              runtime.clock(),
              ChangeSender.Settings.defaults());
      ChangeReceiver receiver =
          new ChangeReceiver(
              name,
              server.db(),
              server.ledger(),
              ChangeReceiver.upstreamPolicy(),
              new ApplyAndForward(server.registry(), outbox));
      PrefRouting routing = new PrefRouting(config.node());
      RoutedRelay relay =
          new RoutedRelay(
              name,
              new RoutedMailbox(server.db(), runtime.clock()),
              routing,
              runtime.blockingExecutor(),
              MailboxForwarder.Settings.defaults(),
              codeChanges);
      this.provision =
          new PrefProvision(
              server,
              config.node(),
              PrefJimuRegistry.forPrefecture(config.node().code().substring(0, 2)),
              TransportSettings.defaults());
      server.serve(receiver, relay, upstreamSender, this::status);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.info(
        "{}: database open: {} persons, {} changes waiting for {}",
        name,
        server.registry().count(),
        outbox.size(),
        config.upstreamNode());
  }

  /** Starts the node; returns once its server is listening (its upstream link comes up later). */
  public static PrefServer start(NodeConfig config, NodeRuntime runtime) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(runtime, "runtime");
    KIND.requireRunnable(config);
    return new PrefServer(config, runtime);
  }

  private static List<String> columnFamilies() {
    List<String> cfs = new ArrayList<>(RegistryServer.COLUMN_FAMILIES);
    cfs.addAll(Outbox.COLUMN_FAMILIES);
    return List.copyOf(cfs);
  }

  @Override
  public PeerId id() {
    return config.node();
  }

  @Override
  public InetSocketAddress localAddress() {
    return server.transport().localAddress();
  }

  /** The server, the link to the national server and the link table. */
  public NodeTransport transport() {
    return server.transport();
  }

  /** The 本人確認情報 held here. */
  public IdentityRegistry registry() {
    return server.registry();
  }

  /** Prefectural use: the registry of the prefecture's 事務, its services and counters. */
  public PrefProvision provision() {
    return provision;
  }

  /** Per source municipality, the highest sequence applied here. */
  public Map<String, Long> appliedThrough() {
    return server.appliedThrough();
  }

  /**
   * Links (the upstream one with its replication lag) and counters: {@code changes_applied} (sum
   * over sources of the highest applied sequence), {@code changes_unacked_upstream}, {@code
   * persons}, the relay's {@code routed_*}, {@code code_changes_followed} (住民票コード変更 notices applied
   * since start), and prefectural use's {@code provisions_immediate}, {@code provisions_not_found},
   * {@code refusals} and {@code refusals.<rule>}.
   */
  @Override
  public NodeStatus status() {
    NodeStatus links =
        ReplicationLag.withUpstreamLag(server.transport().status(), config.upstreamNode(), outbox);
    return server
        .putCounters(links.toBuilder(), false)
        .putCounters("changes_unacked_upstream", outbox.size())
        .putCounters("code_changes_followed", codeChanges.followed())
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
