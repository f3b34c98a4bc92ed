package jp.jukinet.sim.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReferencePeerBenchTest {
  @Test
  void optionsGoToThePeersJvmUnchanged() {
    ReferencePeerBench.Options o =
        new ReferencePeerBench.Options(
            PeerKind.GRPC_STREAM, 3, 16, Duration.ofMillis(1500), Duration.ofSeconds(2), "ascii");
    assertEquals(o, ReferencePeerBench.Options.parse(o.args().toArray(String[]::new)));
  }

  @Test
  void anUnknownPeerNamesTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PeerKind.of("grpc-bidi"));
    assertTrue(e.getMessage().contains("netty-proto, grpc-stream, grpc-unary"), e.getMessage());
  }

  @Test
  void thePeersEchoTheRecordJukinetAnswersWith() {
    assertTrue(ReferencePeerBench.record("ascii").getSerializedSize() > 150);
    assertEquals(
        ReferencePeerBench.record("ja").getSerializedSize(),
        ReferencePeerBench.record("ascii").getSerializedSize());
  }
}
