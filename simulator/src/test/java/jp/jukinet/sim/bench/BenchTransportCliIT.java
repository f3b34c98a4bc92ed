package jp.jukinet.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import jp.jukinet.sim.JukinetMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code bench transport} runs its reference peers from the project itself and prints a ratio to
 * each.
 */
@Timeout(300)
class BenchTransportCliIT {
  @Test
  void printsTheRatioToEveryReferencePeer() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        JukinetMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(
                "bench", "transport", "-c", "1", "-w", "4", "--warmup", "1s", "--duration", "1s");
    assertEquals(0, exit, err.toString());
    for (String peer : new String[] {"peer-netty-proto", "peer-grpc-stream", "peer-grpc-unary"}) {
      assertTrue(
          out.toString().contains("RATIO jukinet-transport/" + peer + " ops_per_s="),
          out.toString());
    }
  }
}
