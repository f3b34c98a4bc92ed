package jp.jukinet.national.provision;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jp.jukinet.node.provision.KeyLookup;
import jp.jukinet.node.provision.ProvisionRecorder;
import jp.jukinet.node.provision.Refusals;
import jp.jukinet.node.provision.ReportService;
import jp.jukinet.node.provision.SecurityRecorder;
import jp.jukinet.node.provision.SingleProvisionService;
import jp.jukinet.node.runtime.NodeTransport;
import jp.jukinet.node.runtime.RegistryServer;
import jp.jukinet.protocol.pki.CertificateSubject;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.wire.PeerText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The national server's provision services, built on its {@link RegistryServer}: the agency
 * registry and its purpose check, 即時提供 ({@link SingleProvisionService}), 開示 ({@link
 * DisclosureService}) and the monitor's reports ({@link ReportService}: PROVISIONS, DISCLOSURES,
 * REFUSALS; other kinds, such as MEDIA, are registered on {@link #reports()} by their owners).
 * Refusals go to the security log: the purpose check's, provision bodies refused NOT_PERMITTED to a
 * role that may not send them, and agency certificates refused at the TLS handshake (e.g. revoked).
 */
public final class NationalProvision {
  private static final Logger LOG = LoggerFactory.getLogger(NationalProvision.class);

  /** Rule of a provision body refused to a role that may not send it (§7.7). */
  public static final String NOT_PERMITTED = "not-permitted";

  /** Rule of an agency certificate refused at the TLS handshake (revoked, expired, …). */
  public static final String CERTIFICATE_REFUSED = "certificate-refused";

  /** The bodies of provision, 開示 and their reports: refused NOT_PERMITTED, they are logged. */
  static final Set<Envelope.BodyCase> PROVISION_BODIES =
      EnumSet.of(
          Envelope.BodyCase.SINGLE_PROVISION_REQUEST,
          Envelope.BodyCase.BATCH_PROVISION_REQUEST,
          Envelope.BodyCase.BATCH_KEYS,
          Envelope.BodyCase.BATCH_CREDIT,
          Envelope.BodyCase.MEDIA_DESTROY_REQUEST,
          Envelope.BodyCase.DISCLOSURE_REQUEST,
          Envelope.BodyCase.REPORT_REQUEST,
          Envelope.BodyCase.PROVISION_LOG_REQUEST);

  /** What the provision log and security log offer the reports and 開示. */
  public record Logs(
      ProvisionRecorder provisions,
      SecurityRecorder security,
      DisclosureService.ProvisionsByPerson byPerson,
      ReportService.Counters provisionCounters,
      ReportService.SecurityPages refusalPages) {
    public Logs {
      Objects.requireNonNull(provisions, "provisions");
      Objects.requireNonNull(security, "security");
      Objects.requireNonNull(byPerson, "byPerson");
      Objects.requireNonNull(provisionCounters, "provisionCounters");
      Objects.requireNonNull(refusalPages, "refusalPages");
    }
  }

  private final String nodeName;
  private final AgencyRegistry registry;
  private final AgencyPurposeCheck purpose;
  private final Refusals refusals;
  private final SingleProvisionService single;
  private final DisclosureCounters disclosureCounters;
  private final ReportService reports;

  /** Builds the services and registers their bodies on {@code server}; before it serves. */
  public NationalProvision(
      RegistryServer server, AgencyRegistry registry, KeyLookup lookup, Logs logs, Clock clock) {
    this.nodeName = server.db().nodeName();
    this.registry = Objects.requireNonNull(registry, "registry");
    this.purpose = new AgencyPurposeCheck(registry);
    this.refusals = new Refusals(server.db(), logs.security(), clock);
    this.single =
        new SingleProvisionService(
            server.db(), server.dispatcher(), purpose, lookup, logs.provisions(), refusals, clock);
    this.disclosureCounters = new DisclosureCounters(server.db());
    DisclosureService disclosure =
        new DisclosureService(
            server.db(),
            server.dispatcher(),
            server.registry(),
            logs.byPerson(),
            disclosureCounters,
            clock);
    this.reports =
        new ReportService(server.dispatcher())
            .register(
                ReportKind.REPORT_KIND_PROVISIONS, ReportService.counters(logs.provisionCounters()))
            .register(
                ReportKind.REPORT_KIND_DISCLOSURES,
                ReportService.counters(disclosureCounters::counters))
            .register(ReportKind.REPORT_KIND_REFUSALS, ReportService.refusals(logs.refusalPages()));
    server.handle(EnumSet.of(Envelope.BodyCase.SINGLE_PROVISION_REQUEST), single);
    server.handle(EnumSet.of(Envelope.BodyCase.DISCLOSURE_REQUEST), disclosure);
    server.handle(EnumSet.of(Envelope.BodyCase.REPORT_REQUEST), reports);
  }

  /** Column families of its own (the provision and security logs bring theirs). */
  public static List<String> columnFamilies() {
    return DisclosureCounters.COLUMN_FAMILIES;
  }

  /** Once the server serves: refusals before the handlers are written to the security log too. */
  public void watch(NodeTransport transport) {
    transport.gate().onNotPermitted(this::notPermitted);
    transport.tls().trustManager().onClientRefused(this::certificateRefused);
  }

  public AgencyRegistry registry() {
    return registry;
  }

  /** The purpose check of every agency request (the batch service's too). */
  public AgencyPurposeCheck purpose() {
    return purpose;
  }

  /** The report service, where another service registers its kind (e.g. MEDIA). */
  public ReportService reports() {
    return reports;
  }

  /** The security log and its counters, for the batch service's refusals. */
  public Refusals refusals() {
    return refusals;
  }

  /** The 即時提供 service (its {@code refuse} records a purpose refusal as it does). */
  public SingleProvisionService single() {
    return single;
  }

  /** Refusal counters and the 即時提供 counters, for NodeStatus. */
  public Map<String, Long> counters() {
    Map<String, Long> out = new LinkedHashMap<>(refusals.counters());
    out.putAll(single.counters());
    return out;
  }

  private void notPermitted(Connection connection, Envelope request, String message) {
    if (!PROVISION_BODIES.contains(request.getBodyCase())) {
      return;
    }
    refusals
        .record(refusals.about(connection, request).setRule(NOT_PERMITTED).setMessage(message))
        .exceptionally(e -> unrecorded(connection.peer().name(), e));
  }

  private void certificateRefused(X509Certificate leaf, CertificateException why) {
    PeerId peer;
    try {
      peer = CertificateSubject.peerId(leaf);
    } catch (RuntimeException e) {
      return; // not a certificate of this network's form: no agency of ours
    }
    if (peer.role() != NodeRole.NODE_ROLE_AGENCY) {
      return;
    }
    String reason = PeerText.boundMessage(String.valueOf(why.getMessage()));
    refusals
        .record(
            refusals
                .at()
                .setPeer(peer.name())
                .setPeerSubject(leaf.getSubjectX500Principal().getName())
                .setRule(CERTIFICATE_REFUSED)
                .setMessage("certificate refused at the TLS handshake: " + reason))
        .exceptionally(e -> unrecorded(peer.name(), e));
  }

  private Long unrecorded(String peer, Throwable e) {
    LOG.warn(
        "{}: a refusal of {} could not be written to the security log: {}",
        nodeName,
        peer,
        e.toString());
    return 0L;
  }
}
