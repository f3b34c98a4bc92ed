package jp.jukinet.sim.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.scenario.AgencyStep;
import jp.jukinet.sim.scenario.CheckKind;
import jp.jukinet.sim.scenario.CheckStep;
import jp.jukinet.sim.scenario.DiscloseStep;
import jp.jukinet.sim.scenario.FaultKind;
import jp.jukinet.sim.scenario.FaultStep;
import jp.jukinet.sim.scenario.OperationKind;
import jp.jukinet.sim.scenario.OperationsStep;
import jp.jukinet.sim.scenario.Scenario;
import jp.jukinet.sim.scenario.ScenarioException;
import jp.jukinet.sim.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo scenario {@code jukinet demo} ships is scenarios/demo.yaml, populates its network, mixes
 * every resident operation, kills 山梨県's server, and checks what the issue asks; a population's
 * {@code scale} is read and bounded.
 */
class DemoScenarioTest {
  private static String shipped() throws IOException {
    try (InputStream in =
        DemoScenarioTest.class.getResourceAsStream("/jp/jukinet/sim/demo/demo.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theShippedScenarioIsTheExampleFile() throws IOException {
    assertEquals(
        Files.readString(Path.of("..", "scenarios", "demo.yaml")),
        shipped(),
        "scenarios/demo.yaml is a copy of simulator/src/main/resources/jp/jukinet/sim/demo/demo.yaml");
  }

  @Test
  void itShowsEveryFlow() throws IOException {
    Scenario s = ScenarioParser.parse(Path.of("demo.yaml"), shipped());
    assertEquals("yamanashi", s.topology().spec());
    assertTrue(shipped().contains("\nmode: process\n"), "the line demo --in-jvm swaps");
    assertTrue(s.population().scale() > 0 && s.population().scale() <= 0.005);
    Set<OperationKind> mixed = EnumSet.noneOf(OperationKind.class);
    s.timeline().stream()
        .filter(OperationsStep.class::isInstance)
        .forEach(o -> mixed.addAll(((OperationsStep) o).mix().keySet()));
    assertEquals(EnumSet.allOf(OperationKind.class), mixed);
    assertTrue(
        s.timeline().stream()
            .anyMatch(
                st ->
                    st instanceof FaultStep f
                        && f.kind() == FaultKind.KILL
                        && f.target().text().equals("pref-190004")),
        "kill -9 of 山梨県's server");
    List<AgencyStep> agency =
        s.timeline().stream()
            .filter(AgencyStep.class::isInstance)
            .map(AgencyStep.class::cast)
            .toList();
    assertTrue(agency.stream().anyMatch(AgencyStep::batch), "a small 一括提供");
    assertTrue(agency.stream().anyMatch(AgencyStep::expectRefused), "a forbidden request, refused");
    assertTrue(s.timeline().stream().anyMatch(DiscloseStep.class::isInstance), "開示");
    assertEquals(
        List.of(
            CheckKind.CONVERGENCE,
            CheckKind.EXACTLY_ONCE,
            CheckKind.UNIQUE_CODES,
            CheckKind.MOVES_CONFIRMED,
            CheckKind.PROVISION_LOG,
            CheckKind.PURPOSE_LIMITS,
            CheckKind.VERIFY_LOG),
        s.checks().stream().map(CheckStep::kind).toList());
  }

  @Test
  void theDemosOwnNetworkOptionsAreRefusedForARunningOne(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    int exit =
        JukinetMain.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true))
            .execute("demo", "--dir", dir.toString(), "--in-jvm");
    assertEquals(ExitCodes.INVALID_INPUT, exit, err.toString());
    assertTrue(err.toString().contains("--in-jvm and --results"), err.toString());
  }

  @Test
  void aPopulationScaleIsReadAndBounded() {
    String head = "name: t\ntopology: synthetic:2x2\npopulation: ";
    String tail = "\ntimeline:\n  - wait: {for: 1s}\n";
    Scenario s = ScenarioParser.parse(Path.of("t.yaml"), head + "{scale: 0.01, seed: 4}" + tail);
    assertEquals(0.01, s.population().scale());
    assertEquals(0, s.population().births());
    assertEquals(
        0.0,
        ScenarioParser.parse(Path.of("t.yaml"), head + "{births: 3}" + tail).population().scale());
    ScenarioException e =
        assertThrows(
            ScenarioException.class,
            () -> ScenarioParser.parse(Path.of("t.yaml"), head + "{scale: 1.5}" + tail));
    assertTrue(e.getMessage().contains("scale 1.5 must be 0..1"), e.getMessage());
  }
}
