package jp.jukinet.sim.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.network.LaunchSettings;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.topology.Topologies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real node processes (synthetic:2x3) whose national server is paused with SIGSTOP: it accepts TCP
 * connections in the kernel and answers nothing. {@code verify} and {@code status} end by their
 * deadline with exit 3, naming it, and still report what the others answered; once it runs again
 * (SIGCONT), verify converges.
 */
@Timeout(300)
class PausedNodeIT {
  private static final String TOPOLOGY = "synthetic:2x3";

  @TempDir Path tmp;

  /** What a command printed and returned. */
  private record Run(int exitCode, String out, String err) {}

  private Run jukinet(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = JukinetMain.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void verifyAndStatusNameAPausedNationalServerAndEnd() throws Exception {
    RunDirectory dir = new RunDirectory(tmp);
    try (LocalNetwork net =
        LocalNetwork.start(
            Topologies.resolve(TOPOLOGY), Mode.PROCESS, dir, LaunchSettings.defaults(TOPOLOGY))) {
      assertTrue(net.awaitAllLinksUp(Duration.ofSeconds(120)).allLinksUp());
      long pid = net.process(PeerId.national()).pid();
      signal("STOP", pid);
      try {
        Run verify = jukinet("verify", "--dir", tmp.toString(), "--timeout", "15s");
        assertEquals(ExitCodes.UNEXPECTED_STATE, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("not answering: national"), verify.out());
        assertTrue(verify.out().contains("PARTIAL"), verify.out());

        Run json = jukinet("verify", "--dir", tmp.toString(), "--timeout", "15s", "--json");
        assertEquals(ExitCodes.UNEXPECTED_STATE, json.exitCode(), json.out() + json.err());
        JsonNode report = Json.MAPPER.readTree(json.out());
        assertTrue(report.get("partial").asBoolean());
        assertFalse(report.get("converged").asBoolean());
        assertEquals(1, report.get("not_answering").size(), json.out());
        assertEquals("national", report.get("not_answering").get(0).get("node").asText());
        // The prefecture servers answered: each of the 6 municipalities compared there, with no
        // difference.
        assertEquals(6, report.get("counts").size(), json.out());
        assertEquals(0, report.get("difference_count").asLong());

        Run status = jukinet("status", "--dir", tmp.toString(), "--timeout", "15s", "--json");
        assertEquals(ExitCodes.UNEXPECTED_STATE, status.exitCode(), status.out() + status.err());
        JsonNode s = Json.MAPPER.readTree(status.out());
        assertEquals(1, s.get("not_answering").size(), status.out());
        assertTrue(s.get("not_answering").get(0).asText().startsWith("national: "), status.out());
        assertEquals(s.get("nodes").size() - 1, s.get("nodes_answering").asInt());
      } finally {
        signal("CONT", pid);
      }
      Run after = jukinet("verify", "--dir", tmp.toString(), "--wait", "60s");
      assertEquals(ExitCodes.OK, after.exitCode(), after.out() + after.err());
      assertTrue(after.out().contains("CONVERGED"), after.out());
    }
  }

  private static void signal(String signal, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill -" + signal + " " + pid + " ended");
    assertEquals(0, kill.exitValue(), "kill -" + signal + " " + pid);
  }
}
