package jp.jukinet.pref.use;

import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import jp.jukinet.node.provision.ProvisionLogService;
import jp.jukinet.node.provision.Refusals;
import jp.jukinet.node.provision.RegistryLookup;
import jp.jukinet.node.provision.ReportService;
import jp.jukinet.node.provision.SingleProvisionService;
import jp.jukinet.node.runtime.RegistryServer;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.transport.TransportSettings;

/**
 * The prefecture server's use of its 本人確認情報 (法第30条の15, 第30条の13), built on its {@link
 * RegistryServer}: 即時提供 to its 業務端末 ({@link SingleProvisionService}) under the purpose check of the
 * prefecture's registry ({@link PrefPurposeCheck}), with 個人番号 excluded ({@link
 * NumberExcludedLookup}); every provision in the provision log with its counters, every refusal in
 * the security log; and the monitor's reads: {@code report_request} PREFECTURE_USE (the counters by
 * terminal × 事務 × month) and REFUSALS, and {@code provision_log_request}.
 */
public final class PrefProvision {
  private final PrefJimuRegistry registry;
  private final Refusals refusals;
  private final SingleProvisionService single;

  /** Builds the services and registers their bodies on {@code server}; before it serves. */
  public PrefProvision(
      RegistryServer server,
      PeerId prefecture,
      PrefJimuRegistry registry,
      TransportSettings settings) {
    Clock clock = server.calendar();
    this.registry = Objects.requireNonNull(registry, "registry");
    this.refusals = new Refusals(server.db(), server.securityLog(), clock);
    this.single =
        new SingleProvisionService(
            server.db(),
            server.dispatcher(),
            new PrefPurposeCheck(prefecture, registry),
            new NumberExcludedLookup(new RegistryLookup(server.registry())),
            server.provisionLog(),
            refusals,
            clock);
    ReportService reports =
        new ReportService(server.dispatcher())
            .register(
                ReportKind.REPORT_KIND_PREFECTURE_USE,
                ReportService.counters(server.provisionLog()::counters))
            .register(
                ReportKind.REPORT_KIND_REFUSALS, ReportService.refusals(server.securityLog()));
    server.handle(EnumSet.of(Envelope.BodyCase.SINGLE_PROVISION_REQUEST), single);
    server.handle(EnumSet.of(Envelope.BodyCase.REPORT_REQUEST), reports);
    server.handle(
        ProvisionLogService.BODIES,
        new ProvisionLogService(server.provisionLog(), server.dispatcher(), settings.wireLimits()));
  }

  /** The prefecture's 事務 and terminals. */
  public PrefJimuRegistry registry() {
    return registry;
  }

  /**
   * {@code refusals}, {@code refusals.<rule>}, {@code provisions_immediate}, {@code
   * provisions_not_found}.
   */
  public Map<String, Long> counters() {
    Map<String, Long> out = new LinkedHashMap<>(refusals.counters());
    out.putAll(single.counters());
    return out;
  }
}
