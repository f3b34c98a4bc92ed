package jp.jukinet.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import jp.jukinet.protocol.proto.ProvisionMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example parses; each kind of malformed scenario is refused with its line and reason. */
class ScenarioParserTest {
  private static final Path FILE = Path.of("bad.yaml");

  private static final String HEADER =
      "name: t\ntopology: synthetic:2x2\npopulation: {births: 5}\ntimeline:\n";

  static Stream<Path> examples() throws IOException {
    Path dir = Path.of("..", "scenarios");
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleParses(Path file) {
    Scenario s = ScenarioParser.parse(file);
    assertTrue(!s.timeline().isEmpty(), file + " has a timeline");
  }

  @Test
  void readsEveryStepKind() {
    Scenario s =
        ScenarioParser.parse(
            FILE,
            HEADER
                + "  - operations: {duration: 5s, rate: 10/s, mix: {move: 2, birth: 1}}\n"
                + "  - fault: {kind: delay, target: pref-010006, duration: 3s, delay: 100ms}\n"
                + "  - fault: {kind: pause, target: cs:largest, duration: 2s}\n"
                + "  - wait: {for: 1s}\n"
                + "  - check: {kind: convergence, within: 30s}\n"
                + "checks: [exactly_once, {kind: moves_confirmed, within: 10s}]\n"
                + "thresholds:\n  latency.move_in: ['p99 < 2s', {threshold: 'p50 < 1s',"
                + " abort_on_fail: true}]\n");
    assertEquals(5, s.timeline().size());
    assertEquals(2, s.checks().size());
    assertTrue(s.timeline().get(0) instanceof OperationsStep o && o.across() == 0.5);
    FaultStep delay = (FaultStep) s.timeline().get(1);
    assertEquals(100, delay.delay().amount().toMillis());
    List<Threshold> t = s.thresholds().get(Metric.parse("latency.move_in"));
    assertEquals(2000, t.get(0).bound());
    assertTrue(t.get(1).abortOnFail());
  }

  static Stream<Object[]> malformed() {
    return Stream.of(
        new Object[] {"name: t\ntopology: [unclosed\n", 2, "ends inside the flow sequence"},
        new Object[] {HEADER + "  - wait: {for: 1s}\ncolour: red\n", 6, "unknown key 'colour'"},
        new Object[] {HEADER + "  - wait: {for: 1s, then: 2s}\n", 5, "unknown key 'then'"},
        new Object[] {HEADER + "  - sleep: {for: 1s}\n", 5, "sleep"},
        new Object[] {
          HEADER + "  - fault: {kind: kill, target: cs-192015, duration: 1s}\n",
          5,
          "the topology has no node cs-192015"
        },
        new Object[] {
          HEADER + "  - fault: {kind: cut, target: national, duration: 1s}\n", 5, "no upstream link"
        },
        new Object[] {
          "name: t\ntopology: atlantis\ntimeline:\n  - wait: {for: 1s}\n", 2, "atlantis"
        },
        new Object[] {
          HEADER + "  - operations: {duration: 5s, rate: 90000/s, mix: {move: 1}}\n",
          5,
          "impossible"
        },
        new Object[] {
          HEADER + "  - operations: {duration: 5s, rate: 5/s, mix: {teleport: 1}}\n", 5, "teleport"
        },
        new Object[] {HEADER + "  - wait: {for: 3days simulated}\n", 5, "no calendar"},
        new Object[] {
          "name: t\ntopology: synthetic:1x2\nmode: in-jvm\ntimeline:\n"
              + "  - fault: {kind: pause, target: cs:first, duration: 1s}\n",
          5,
          "in-jvm"
        },
        new Object[] {
          "name: t\ntopology: synthetic:1x2\ncalendar: {clock: 2020-04-01T09:00+09:00,"
              + " clock_rate: 1day/1s}\ntimeline:\n  - wait: {for: 3s}\n",
          5,
          "say 'real' or 'simulated'"
        },
        new Object[] {
          HEADER
              + "  - wait: {for: 1s}\nthresholds:\n  latency: ['p99 < 2s']\n  speed: ['x < 1']\n",
          8,
          "unknown metric 'speed'"
        },
        new Object[] {HEADER + "  - check: {kind: vibes}\n", 5, "unknown check 'vibes'"},
        new Object[] {
          HEADER + "  - agency: {agency: A99, jimu: J39, duration: 2s, rate: 1/s}\n",
          5,
          "unknown agency 'A99'"
        },
        new Object[] {
          HEADER + "  - agency: {agency: A20, jimu: J01, duration: 2s, rate: 1/s}\n",
          5,
          "'J01' is not a 事務 of A20"
        },
        new Object[] {
          HEADER
              + "  - agency: {agency: A99, jimu: J01, expect: refused, duration: 2s, rate: 1/s}\n",
          5,
          "unknown agency 'A99'"
        },
        new Object[] {
          HEADER
              + "  - agency: {agency: A20, jimu: J99, expect: refused, duration: 2s, rate: 1/s}\n",
          5,
          "unknown 事務 'J99'"
        },
        new Object[] {
          HEADER
              + "  - agency: {agency: A20, jimu: J39, expect: refused, duration: 2s, rate: 1/s}\n",
          5,
          "the national server would provide it"
        },
        new Object[] {
          HEADER + "  - agency: {agency: A20, jimu: J39, expect: maybe, duration: 2s, rate: 1/s}\n",
          5,
          "'expect' is provided (the default) or refused"
        },
        new Object[] {
          HEADER + "  - agency: {agency: A20, jimu: J39, method: fax, duration: 2s, rate: 1/s}\n",
          5,
          "unknown method 'fax'"
        },
        new Object[] {
          HEADER + "  - agency: {agency: A20, jimu: J39, method: batch, keys: 0}\n",
          5,
          "a batch needs 'keys'"
        },
        new Object[] {
          HEADER + "  - agency: {agency: A20, jimu: J39, method: batch}\n",
          5,
          "a batch needs 'keys'"
        },
        new Object[] {
          HEADER + "  - agency: {agency: A20, jimu: J39, method: batch, keys: 5, rate: 1/s}\n",
          5,
          "no 'duration', 'rate' or 'parallel'"
        },
        new Object[] {
          HEADER + "  - agency: {agency: A20, jimu: J39, keys: 5, duration: 2s, rate: 1/s}\n",
          5,
          "'keys' and 'media' are for method: batch"
        },
        new Object[] {
          HEADER + "  - agency: {agency: A22, jimu: J45, duration: 2s, rate: 1/s}\n",
          5,
          "only by media"
        },
        new Object[] {HEADER + "  - disclose: {count: 0}\n", 5, "'count' 0 must be 1..1000"},
        new Object[] {HEADER + "  - wide_area: {count: -1}\n", 5, "'count' -1 must be 1..1000"},
        new Object[] {
          "name: t\ntopology: synthetic:1x1\ntimeline:\n  - wide_area: {count: 1}\n",
          4,
          "needs two municipalities"
        },
        new Object[] {
          HEADER
              + "  - prefecture_use: {prefecture: atlantis, jimu: H5-02, duration: 2s, rate: 1/s}\n",
          5,
          "no prefecture 'atlantis'"
        },
        new Object[] {
          HEADER + "  - prefecture_use: {prefecture: 19, jimu: H5-02, duration: 2s, rate: 1/s}\n",
          5,
          "no prefecture server pref-190004"
        },
        new Object[] {
          HEADER
              + "  - prefecture_use: {prefecture: first, jimu: H9-99, duration: 2s, rate: 1/s}\n",
          5,
          "'H9-99' is not a 事務 of pref-010006"
        },
        new Object[] {HEADER + "  - check: provision_logs\n", 5, "unknown check 'provision_logs'"},
        new Object[] {
          HEADER + "  - wait: {for: 1s}\n   - wait: {for: 1s}\n", 6, "check the indentation"
        },
        new Object[] {HEADER + "\t- wait: {for: 1s}\n", 5, "malformed YAML: found character"},
        new Object[] {
          HEADER + "  - wait: {for: 1s}\npopulation: {births: 6}\n", 6, "duplicate key 'population'"
        },
        new Object[] {HEADER + "  - wait: {for: 1s, for: 2s}\n", 5, "duplicate key 'for'"},
        new Object[] {
          HEADER + "  - together:\n      - wait: {for: 1s}\n  - wait: {for: 1s}\n",
          6,
          "at least two steps"
        },
        new Object[] {
          HEADER + "  - repeat:\n      times: 3\n      step: {wait: {for: 1s}}\n",
          6,
          "'every' is required"
        },
        new Object[] {
          HEADER + "  - provision_mix: {rate: 5/s, duration: 2s, agencies: [A99]}\n",
          5,
          "unknown agency 'A99'"
        },
        new Object[] {
          HEADER
              + "  - fault: {kind: skew, target: prefecture:first, duration: 2s, offset: 1min}\n",
          5,
          "only a CS's clock"
        },
        new Object[] {
          "name: t\ntopology: synthetic:1x2\npopulation: {scale: 2}\ntimeline:\n"
              + "  - wait: {for: 1s}\n",
          3,
          "scale 2.0 must be 0..1"
        });
  }

  @Test
  void readsTheProvisionSteps() {
    Scenario s =
        ScenarioParser.parse(
            FILE,
            HEADER
                + "  - agency: {agency: A20, jimu: J01, expect: refused, duration: 2s, rate: 1/s}\n"
                + "  - agency: {agency: A20, jimu: J39, method: batch, keys: 20, media: true}\n"
                + "  - agency: {agency: A22, jimu: J45, method: batch, keys: 5, expect: refused}\n"
                + "  - disclose: {count: 3}\n"
                + "  - prefecture_use: {prefecture: last, jimu: H5-02, duration: 2s, rate: 2/s}\n"
                + "  - wide_area: {}\n"
                + "checks: [provision_log, purpose_limits, verify_log]\n"
                + "thresholds:\n  latency.batch: ['p99 < 20s']\n  latency.wide_area: ['p99 < 5s']\n");
    AgencyStep forbidden = (AgencyStep) s.timeline().get(0);
    assertTrue(forbidden.expectRefused() && !forbidden.batch());
    AgencyStep media = (AgencyStep) s.timeline().get(1);
    assertEquals(ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA, media.provisionMethod());
    AgencyStep line = (AgencyStep) s.timeline().get(2);
    assertEquals(ProvisionMethod.PROVISION_METHOD_BATCH_LINE, line.provisionMethod());
    assertEquals(3, ((DiscloseStep) s.timeline().get(3)).count());
    PrefectureUseStep use = (PrefectureUseStep) s.timeline().get(4);
    assertEquals(
        "pref-020001",
        use.server(jp.jukinet.sim.topology.Topologies.resolve("synthetic:2x2")).name());
    assertEquals(1, ((WideAreaStep) s.timeline().get(5)).count());
    assertEquals(
        List.of(CheckKind.PROVISION_LOG, CheckKind.PURPOSE_LIMITS, CheckKind.VERIFY_LOG),
        s.checks().stream().map(CheckStep::kind).toList());
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void refusesWithLineAndReason(String text, int line, String reason) {
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> ScenarioParser.parse(FILE, text));
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.column() > 0, e.getMessage());
    assertTrue(e.getMessage().startsWith("bad.yaml:" + line + ":"), e.getMessage());
    assertTrue(e.reason().contains(reason), e.getMessage());
  }
}
