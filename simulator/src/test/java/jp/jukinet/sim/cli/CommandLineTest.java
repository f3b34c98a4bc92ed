package jp.jukinet.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.status.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's shared shape: exit codes, text or JSON results, the load options. No network
 * is started.
 */
@Timeout(60)
class CommandLineTest {
  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  /** Runs the command line in this JVM with its output captured (other CLI tests share it). */
  static Run jukinet(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        JukinetMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void onlyInputTheCommandCallsInvalidExitsTwo() {
    assertEquals(ExitCodes.INVALID_INPUT, JukinetMain.exitCode(new InvalidInputException("bad")));
    assertEquals(ExitCodes.INTERNAL, JukinetMain.exitCode(new IllegalArgumentException("a bug")));
    assertEquals(
        ExitCodes.FAILURE, JukinetMain.exitCode(new CliException(ExitCodes.FAILURE, "no")));
  }

  @Test
  void badTopologyNodeOrCodeIsInvalidInput() {
    Run pki =
        jukinet(
            "pki", "init", "--topology", "synthetic:zero", "--out", tmp.resolve("pki").toString());
    assertEquals(ExitCodes.INVALID_INPUT, pki.exit(), pki.err());
    assertTrue(pki.err().contains("synthetic:zero"), pki.err());
    assertFalse(Files.exists(tmp.resolve("pki")));

    Run restart = jukinet("restart", "no-such-node", "--dir", tmp.toString());
    assertEquals(ExitCodes.INVALID_INPUT, restart.exit(), restart.err());

    Run cs = jukinet("cs", "1234567", "show", "001", "--dir", tmp.toString());
    assertEquals(ExitCodes.INVALID_INPUT, cs.exit(), cs.err());
  }

  @Test
  void pkiResultsAreTextOrJson() throws Exception {
    String dir = tmp.resolve("pki").toString();
    Run init = jukinet("pki", "init", "--topology", "synthetic:1x1", "--out", dir);
    assertEquals(ExitCodes.OK, init.exit(), init.err());
    assertTrue(
        init.out().startsWith("jukinet pki init: CA and ")
            && init.out().endsWith(dir + System.lineSeparator()),
        init.out());

    Run text = jukinet("pki", "list", "--pki", dir);
    assertTrue(text.out().startsWith("NAME "), text.out());
    assertTrue(text.out().contains(" certificates, 0 revoked"), text.out());
    Run json = jukinet("pki", "list", "--pki", dir, "--json");
    List<?> rows = Json.MAPPER.readValue(json.out(), List.class);
    assertEquals(text.out().lines().count() - 2, rows.size(), "one row per certificate");
  }

  @Test
  void aPrintedResultIsItsValueInJsonAndItsLinesAsText() throws Exception {
    CommandResult r = CommandResult.of(Map.of("links_up", 3), out -> out.println("3 links up"));
    assertEquals("{\"links_up\":3}", Json.MAPPER.writeValueAsString(r));
    assertEquals("3 links up" + System.lineSeparator(), r.text());
  }

  @Test
  void eachBenchKeepsItsOwnMeasuringWindow() {
    String changes = jukinet("bench", "changes", "--help").out();
    assertTrue(changes.contains("Measuring window (default: 20s)"), changes);
    assertTrue(changes.contains("Warm-up before measuring (default: 10s)"), changes);
    String transport = jukinet("bench", "transport", "--help").out();
    assertTrue(transport.contains("Measuring window (default: 10s)"), transport);
    assertTrue(transport.contains("Warm-up before measuring (default: 10s)"), transport);
  }
}
