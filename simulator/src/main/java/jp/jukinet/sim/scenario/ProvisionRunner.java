package jp.jukinet.sim.scenario;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.DisclosureRequest;
import jp.jukinet.protocol.proto.DisclosureResponse;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ProvisionRecord;
import jp.jukinet.protocol.proto.SingleProvisionRequest;
import jp.jukinet.protocol.proto.WideAreaCopyRequest;
import jp.jukinet.protocol.proto.WideAreaCopyResponse;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.demo.DemoWorkload;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.workload.AgencyClient;
import jp.jukinet.sim.workload.NodeConnections;
import jp.jukinet.sim.workload.OperatorClient;

/**
 * Runs the {@code disclose}, {@code prefecture_use} and {@code wide_area} steps, each request
 * recorded under its operation's name in the metrics and the history; what a 開示 shows is compared
 * at once with what the run counted (in the {@link ProvisionLedger}), while no agency step runs.
 */
final class ProvisionRunner {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** A step's backstop: each request has its own deadline. */
  private static final long BACKSTOP_MINUTES = 2;

  private final ScenarioNetwork network;
  private final Topology topology;
  private final TransportResources transport;
  private final NodeConnections monitor;
  private final OperatorClient operators;
  private final DemoWorkload workload;
  private final RateLoop loop;
  private final OperationLog log;
  private final ProvisionLedger ledger;

  ProvisionRunner(
      ScenarioNetwork network,
      Topology topology,
      TransportResources transport,
      NodeConnections monitor,
      OperatorClient operators,
      DemoWorkload workload,
      RateLoop loop,
      OperationLog log,
      ProvisionLedger ledger) {
    this.network = network;
    this.topology = topology;
    this.transport = transport;
    this.monitor = monitor;
    this.operators = operators;
    this.workload = workload;
    this.loop = loop;
    this.log = log;
    this.ledger = ledger;
  }

  /**
   * 開示 of {@code count} distinct residents, concurrently.
   *
   * @return 開示 not asked for want of residents
   */
  long disclose(DiscloseStep step, Random random) throws InterruptedException {
    Set<String> codes = new LinkedHashSet<>();
    for (int t = 0; t < step.count() * 4 && codes.size() < step.count(); t++) {
      String c = workload.randomCode(random);
      if (c != null) {
        codes.add(c);
      }
    }
    InetSocketAddress national = AgencyClient.nationalAddress(network.state()).orElse(null);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (String code : codes) {
      long start = System.nanoTime();
      CompletableFuture<Envelope> answer =
          national == null
              ? CompletableFuture.failedFuture(
                  new IllegalStateException("the national server has no published port"))
              : monitor.request(
                  PeerId.national(),
                  national,
                  Envelope.newBuilder()
                      .setDisclosureRequest(
                          DisclosureRequest.newBuilder()
                              .setJuminhyoCode(code)
                              .setRequestMethod("来所")
                              .setReceiveMethod("来所")),
                  TIMEOUT);
      all.add(
          answer.whenComplete(
              (r, err) -> {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("code", code);
                if (r != null) {
                  f.putAll(compare(code, r.getDisclosureResponse()));
                }
                log.record(Metric.DISCLOSE, start, System.nanoTime(), err == null, f, err);
              }));
    }
    awaitAll(all);
    return step.count() - codes.size();
  }

  /** What one 開示 shows against what the run counted, kept in the ledger for the checks. */
  private Map<String, Object> compare(String code, DisclosureResponse r) {
    Set<String> requesters = new LinkedHashSet<>();
    ledger.providedByAgency().keySet().forEach(a -> requesters.add(ProvisionLedger.requester(a)));
    Set<String> forbidden = ledger.forbiddenPairs();
    Set<String> codes = new LinkedHashSet<>(List.of(code, r.getIdentity().getJuminhyoCode()));
    long shown = 0;
    long forbiddenShown = 0;
    for (ProvisionRecord p : r.getProvisionsList()) {
      codes.add(p.getJuminhyoCode());
      if (requesters.contains(p.getRequester())) {
        shown++;
      }
      if (forbidden.contains(p.getRequester() + " " + p.getJimuCode())) {
        forbiddenShown++;
      }
    }
    codes.remove("");
    long[] counted = ledger.counted(codes);
    ledger.disclosed(
        new ProvisionLedger.Disclosure(code, shown, counted[0], counted[1], forbiddenShown));
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("provisions", r.getProvisionsCount());
    f.put("shown", shown);
    f.put("counted", counted[0]);
    return f;
  }

  /** The prefecture's 業務端末 looks up residents of the prefecture at the step's rate. */
  long prefectureUse(PrefectureUseStep step, Random random, BooleanSupplier stop)
      throws InterruptedException {
    NetworkState state = network.state();
    PeerId server = step.server(topology);
    NetworkState.Node node =
        state.nodes().stream().filter(n -> n.id().equals(server)).findFirst().orElseThrow();
    InetSocketAddress address = new InetSocketAddress(node.host(), node.port());
    Map<String, PeerId> prefectureOf = new HashMap<>();
    for (NetworkState.Node n : state.nodes()) {
      if (n.id().role() == NodeRole.NODE_ROLE_CS) {
        prefectureOf.put(n.id().code(), n.upstreamId());
      }
    }
    PeerId terminal = Topology.prefTerminalOf(server);
    try (NodeConnections connections =
        NodeConnections.as(
            transport,
            TransportSettings.defaults(),
            NodeTls.load(network.dir().pkiDir(), terminal))) {
      return loop.run(
          step.rate(),
          step.duration(),
          step.parallel(),
          stop,
          () -> {
            IdentityInfo id = residentOf(server, prefectureOf, random);
            if (id == null) {
              return null;
            }
            long start = System.nanoTime();
            return connections
                .request(
                    server,
                    address,
                    Envelope.newBuilder()
                        .setSingleProvisionRequest(
                            SingleProvisionRequest.newBuilder()
                                .setJimuCode(step.jimu())
                                .setKey(AgencyClient.byCode(id.getJuminhyoCode()))),
                    TIMEOUT)
                .whenComplete(
                    (r, err) -> {
                      Map<String, Object> f = new LinkedHashMap<>();
                      f.put("terminal", terminal.name());
                      f.put("jimu", step.jimu());
                      if (r != null) {
                        f.put("provided", r.getSingleProvisionResponse().getMatchesCount());
                      }
                      log.record(
                          Metric.PREFECTURE_USE, start, System.nanoTime(), err == null, f, err);
                    });
          });
    }
  }

  /** A resident of {@code server}'s prefecture, or null when a few tries find none. */
  private IdentityInfo residentOf(PeerId server, Map<String, PeerId> prefectureOf, Random random) {
    for (int t = 0; t < 16; t++) {
      IdentityInfo id = workload.randomIdentity(random);
      if (id != null && server.equals(prefectureOf.get(id.getMunicipalityCode()))) {
        return id;
      }
    }
    return null;
  }

  /**
   * 広域交付 of {@code count} residents, each at a CS other than where the person lives.
   *
   * @return requests not made for want of a resident
   */
  long wideArea(WideAreaStep step, Random random) throws InterruptedException {
    List<PeerId> css = new ArrayList<>(OperatorClient.csAddresses(network.state()).keySet());
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < step.count(); i++) {
      IdentityInfo id = workload.randomIdentity(random);
      List<PeerId> others =
          id == null
              ? List.of()
              : css.stream().filter(c -> !c.code().equals(id.getMunicipalityCode())).toList();
      if (others.isEmpty()) {
        continue;
      }
      PeerId at = others.get(random.nextInt(others.size()));
      long start = System.nanoTime();
      all.add(
          operators
              .send(
                  LocalGovernmentCode.parse(at.code()),
                  Envelope.newBuilder()
                      .setWideAreaCopyRequest(
                          WideAreaCopyRequest.newBuilder()
                              .setJuminhyoCode(id.getJuminhyoCode())
                              .setResidenceMunicipality(id.getMunicipalityCode())
                              .setRequestId(UUID.randomUUID().toString())))
              .whenComplete(
                  (r, err) -> {
                    WideAreaCopyResponse copy = r == null ? null : r.getWideAreaCopyResponse();
                    boolean found = copy != null && copy.getFound();
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("cs", at.name());
                    f.put("residence", id.getMunicipalityCode());
                    if (copy != null && !found) {
                      f.put("refusal", copy.getRefusal());
                    }
                    log.record(Metric.WIDE_AREA, start, System.nanoTime(), found, f, err);
                  }));
    }
    awaitAll(all);
    return step.count() - all.size();
  }

  private static void awaitAll(List<CompletableFuture<?>> all) throws InterruptedException {
    try {
      CompletableFuture.allOf(
              all.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
          .get(BACKSTOP_MINUTES, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      // each request is recorded on its own; this is a backstop
    }
  }
}
