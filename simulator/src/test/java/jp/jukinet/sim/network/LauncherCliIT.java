package jp.jukinet.sim.network;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.status.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code up}, {@code status}, {@code down} through the CLI factory, with real node processes. */
@Timeout(300)
class LauncherCliIT {
  @TempDir Path tmp;

  private final List<ProcessRef> started = new ArrayList<>();

  /** What a command printed and returned. */
  record Run(int exitCode, String out, String err) {}

  private Run jukinet(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = JukinetMain.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private NetworkState state() {
    NetworkState s = new RunDirectory(tmp).readState().orElseThrow();
    started.addAll(s.processes());
    return s;
  }

  @AfterEach
  void killLeftovers() {
    // Only if a test failed half-way: never leave node processes behind.
    started.forEach(p -> p.live().ifPresent(ProcessHandle::destroyForcibly));
  }

  @ParameterizedTest
  @ValueSource(strings = {"process", "in-jvm"})
  void upStatusDownLeavesNoProcess(String mode) throws Exception {
    List<String> up =
        new ArrayList<>(
            List.of(
                "up",
                "--topology",
                "synthetic:1x2",
                "--dir",
                tmp.toString(),
                "--timeout",
                "120s",
                "--json"));
    if (mode.equals("in-jvm")) {
      up.add("--in-jvm");
    }
    Run r = jukinet(up.toArray(String[]::new));
    assertEquals(ExitCodes.OK, r.exitCode(), r.err());
    JsonNode summary = Json.MAPPER.readTree(r.out());
    assertEquals(4, summary.get("nodes").asInt());
    assertEquals(3, summary.get("links_up").asInt());
    assertEquals(3, summary.get("links_expected").asInt());
    assertEquals(mode, summary.get("mode").asText());

    NetworkState state = state();
    assertEquals(mode.equals("in-jvm") ? 1 : 4, state.processes().size());
    assertTrue(state.processes().stream().allMatch(ProcessRef::isLive));
    for (NetworkState.Node n : state.nodes()) {
      assertTrue(Files.exists(new RunDirectory(tmp).logFile(n.id())), "log of " + n.name());
    }

    Run status = jukinet("status", "--dir", tmp.toString(), "--json");
    assertEquals(ExitCodes.OK, status.exitCode(), status.err());
    JsonNode s = Json.MAPPER.readTree(status.out());
    assertEquals(4, s.get("nodes_answering").asInt());
    assertEquals(3, s.get("links_up").asInt());
    assertEquals(0, s.get("links_not_up").size());
    JsonNode pref = s.get("nodes").get(1);
    assertEquals("pref-010006", pref.get("node").asText());
    assertEquals(3, pref.get("links").size(), "national out, two CSs in");
    assertTrue(pref.get("certificate_not_after_millis").asLong() > System.currentTimeMillis());

    Run text = jukinet("status", "--dir", tmp.toString());
    assertTrue(text.out().contains("4 of 4 nodes answering, 3 of 3 links up"), text.out());

    if (mode.equals("process")) {
      // restart: a SIGKILLed prefecture server runs again on its recorded port, recorded anew.
      ProcessRef killed = state.nodes().get(1).process();
      ProcessHandle h = killed.live().orElseThrow();
      h.destroyForcibly();
      h.onExit().get();
      Run restart = jukinet("restart", "pref-010006", "--dir", tmp.toString(), "--json");
      assertEquals(ExitCodes.OK, restart.exitCode(), restart.err());
      state = state();
      ProcessRef again = state.nodes().get(1).process();
      assertNotEquals(killed.pid(), again.pid());
      assertEquals(again.pid(), Json.MAPPER.readTree(restart.out()).get("pid").asLong());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  Json.MAPPER
                          .readTree(jukinet("status", "--dir", tmp.toString(), "--json").out())
                          .get("links_up")
                          .asInt()
                      == 3);
    }

    Run down = jukinet("down", "--dir", tmp.toString());
    assertEquals(ExitCodes.OK, down.exitCode(), down.err());
    for (ProcessRef p : state.processes()) {
      assertFalse(
          ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false),
          "pid " + p.pid() + " still runs");
    }
    assertFalse(Files.exists(new RunDirectory(tmp).stateFile()));
    assertTrue(Files.isDirectory(new RunDirectory(tmp).pkiDir()), "down keeps the PKI and data");

    Run after = jukinet("status", "--dir", tmp.toString());
    assertEquals(ExitCodes.UNEXPECTED_STATE, after.exitCode());
  }

  @Test
  void secondUpRefusesAndDownStillStopsTheFirst() {
    assertEquals(
        ExitCodes.OK,
        jukinet("up", "--topology", "synthetic:1x1", "--dir", tmp.toString()).exitCode());
    NetworkState first = state();

    Run again = jukinet("up", "--topology", "synthetic:1x1", "--dir", tmp.toString());
    assertEquals(ExitCodes.UNEXPECTED_STATE, again.exitCode());
    assertTrue(again.err().contains("already running"), again.err());
    assertTrue(again.err().contains("jukinet down"), again.err());
    assertEquals(
        first, new RunDirectory(tmp).readState().orElseThrow(), "the refused up changed nothing");

    assertEquals(ExitCodes.OK, jukinet("down", "--dir", tmp.toString()).exitCode());
    assertTrue(first.processes().stream().noneMatch(ProcessRef::isLive));
  }

  @Test
  void downAfterACrashAndUpAgainRecover() {
    assertEquals(
        ExitCodes.OK,
        jukinet("up", "--topology", "synthetic:1x1", "--dir", tmp.toString()).exitCode());
    NetworkState crashed = state();
    // The crash: every process dies at once, the state file stays.
    crashed.processes().forEach(p -> p.live().ifPresent(ProcessHandle::destroyForcibly));
    await().atMost(Duration.ofSeconds(30)).until(() -> crashed.liveProcesses().isEmpty());

    Run up = jukinet("up", "--topology", "synthetic:1x1", "--dir", tmp.toString());
    assertEquals(ExitCodes.OK, up.exitCode(), up.err());
    assertTrue(up.out().contains("starting afresh"), up.out());
    NetworkState second = state();
    assertTrue(second.processes().stream().allMatch(ProcessRef::isLive));

    // Crash again, then down: it finds nothing alive and still cleans up.
    second.processes().forEach(p -> p.live().ifPresent(ProcessHandle::destroyForcibly));
    await().atMost(Duration.ofSeconds(30)).until(() -> second.liveProcesses().isEmpty());
    Run down = jukinet("down", "--dir", tmp.toString());
    assertEquals(ExitCodes.OK, down.exitCode(), down.err());
    assertTrue(down.out().contains("stopped 0 processes"), down.out());
    assertFalse(Files.exists(new RunDirectory(tmp).stateFile()));
  }

  @Test
  void badInputIsInvalidInput() {
    Run r = jukinet("up", "--topology", "synthetic:zero", "--dir", tmp.toString());
    assertEquals(ExitCodes.INVALID_INPUT, r.exitCode());
    assertTrue(r.err().contains("synthetic:zero"), r.err());
    assertFalse(Files.exists(new RunDirectory(tmp).stateFile()));
    assertEquals(ExitCodes.INVALID_INPUT, jukinet("up", "--timeout", "soon").exitCode());
    Run help = jukinet("--help");
    assertTrue(
        help.out().contains("Exit codes:") && help.out().contains("UNEXPECTED_STATE"), help.out());
  }
}
