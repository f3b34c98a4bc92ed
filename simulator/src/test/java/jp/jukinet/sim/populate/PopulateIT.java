package jp.jukinet.sim.populate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.proto.BulkRecordRequest;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.ResidentView;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.demo.Sites;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import jp.jukinet.sim.workload.OperatorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jukinet populate} through the CLI factory against an in-JVM synthetic:2x2 network: every
 * resident of the plan is recorded as 職権記載, every CS, prefecture and 全国サーバ then agree (zero
 * differences), and each CS answers a 4情報 search with the planned resident and its reading.
 */
@Timeout(300)
class PopulateIT {
  private static final String AS_OF = "2020-10-01";

  @RegisterExtension final TestNetworks networks = new TestNetworks();

  @TempDir Path dir;

  @ParameterizedTest(name = "--bulk {0}")
  @ValueSource(strings = {"150", "1"})
  void populateRecordsThePlanAndTheNetworkConverges(String bulk) throws Exception {
    Topology topology = Topologies.resolve("synthetic:2x2");
    LocalNetwork net = networks.start(topology, Mode.IN_JVM, dir);
    net.awaitAllLinksUp(Duration.ofSeconds(60));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        JukinetMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(
                "populate",
                "--dir",
                dir.toString(),
                "--scale",
                "0.02",
                "--seed",
                "5",
                "--bulk",
                bulk,
                "--as-of",
                AS_OF,
                "--verify",
                "--wait",
                "120s",
                "--json");
    assertEquals(ExitCodes.OK, exit, out + "\n" + err);
    JsonNode report = Json.MAPPER.readTree(out.toString());
    assertEquals(800, report.get("planned").asLong(), out.toString());
    assertEquals(800, report.get("recorded").asLong());
    assertEquals(0, report.get("failed").asLong());
    JsonNode verify = report.get("verify");
    assertTrue(verify.get("converged").asBoolean(), verify.toString());
    assertEquals(0, verify.get("difference_count").asLong());
    assertEquals(800, verify.get("cs_records").asLong());

    NetworkState state = net.state();
    PopulationPlan plan = plan(state, topology, 0.02, 5);
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        OperatorClient operators = operators(runtime, state)) {
      for (int m = 0; m < plan.places().size(); m++) {
        Resident r = plan.resident(plan.first(m) + plan.count(m) - 1);
        Envelope answer =
            operators.call(
                r.municipality(),
                Envelope.newBuilder()
                    .setResidentQuery(ResidentQuery.newBuilder().setFourItems(r.fourItems())));
        ResidentView found =
            answer.getResidentQueryResponse().getResidentsList().stream()
                .filter(v -> v.getIdentity().getFourItems().equals(r.fourItems()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(r + " not found: " + answer));
        assertEquals(r.nameKana(), found.getNameKana());
        assertEquals(
            "職権記載", jp.jukinet.protocol.labels.ChangeNames.reason(found.getHistory(0).getReason()));
        assertEquals(AS_OF, found.getHistory(0).getReasonDate());
      }
    }
  }

  /** Every CS's operator, as the command connects them. */
  private OperatorClient operators(NodeRuntime runtime, NetworkState state) {
    return new OperatorClient(
        runtime.transport(),
        dir.resolve("pki"),
        OperatorClient.csAddresses(state),
        Duration.ofSeconds(30));
  }

  /** The plan populate makes of this network (as the command does). */
  private static PopulationPlan plan(
      NetworkState state, Topology topology, double scale, long seed) {
    return new PopulationPlan(
        PopulationPlan.places(Sites.of(state, topology)),
        scale,
        seed,
        LocalDate.parse(AS_OF),
        NameTable.bundled(),
        AgePyramid.census2020());
  }

  @Test
  void aBulkRequestWithOneMalformedRecordIsRefusedWholeNamingIt() throws Exception {
    Topology topology = Topologies.resolve("synthetic:1x1");
    LocalNetwork net = networks.start(topology, Mode.IN_JVM, dir);
    net.awaitAllLinksUp(Duration.ofSeconds(60));
    NetworkState state = net.state();
    PopulationPlan plan = plan(state, topology, 0.0005, 9);
    java.util.List<Resident> residents = plan.all();
    BulkRecordRequest.Builder bad = Populator.bulk(residents, LocalDate.parse(AS_OF)).toBuilder();
    bad.getRecordsBuilder(2).setNameKana("さとう はなこ"); // hiragana: not a reading the CS keeps
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        OperatorClient operators = operators(runtime, state)) {
      jp.jukinet.protocol.id.LocalGovernmentCode cs = residents.get(0).municipality();
      RemoteErrorException refused =
          assertThrows(
              RemoteErrorException.class,
              () -> operators.call(cs, Envelope.newBuilder().setBulkRecordRequest(bad)));
      assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, refused.error().getCode());
      assertTrue(
          refused.getMessage().contains("bulk_record_request.records[2].name_kana"),
          refused.getMessage());
      for (Resident r : residents) {
        Envelope answer =
            operators.call(
                cs,
                Envelope.newBuilder()
                    .setResidentQuery(ResidentQuery.newBuilder().setFourItems(r.fourItems())));
        assertEquals(0, answer.getResidentQueryResponse().getResidentsCount(), "nothing recorded");
      }
      Envelope.Builder empty =
          Envelope.newBuilder().setBulkRecordRequest(BulkRecordRequest.newBuilder());
      RemoteErrorException none =
          assertThrows(RemoteErrorException.class, () -> operators.call(cs, empty));
      assertTrue(none.getMessage().contains("out of range 1..1000"), none.getMessage());
      Envelope ok =
          operators.call(
              cs,
              Envelope.newBuilder()
                  .setBulkRecordRequest(Populator.bulk(residents, LocalDate.parse(AS_OF))));
      assertEquals(residents.size(), ok.getBulkRecordResponse().getJuminhyoCodesCount());
      assertEquals(1, ok.getBulkRecordResponse().getFirstSequence());
    }
  }
}
