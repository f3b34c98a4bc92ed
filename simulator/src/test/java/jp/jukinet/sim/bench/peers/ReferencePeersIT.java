package jp.jukinet.sim.bench.peers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.bench.BenchPki;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every reference peer starts on port 0, echoes the record over real mTLS with the project's PKI
 * and stops.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReferencePeersIT {
  @ParameterizedTest
  @EnumSource(PeerKind.class)
  void answersRoundTripsOverMutualTlsAndStops(PeerKind kind) throws Exception {
    try (BenchPki pki = BenchPki.create(PeerId.prefecture("190004"), PeerId.cs("192015"));
        ReferencePeer peer = kind.start(pki, ReferencePeerBench.record("ja"), 2, 4, 1, 1)) {
      List<Recorder> recorders = peer.start();
      assertEquals(2, recorders.size());
      AtomicLong[] answered = {new AtomicLong(), new AtomicLong()};
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (int i = 0; i < recorders.size(); i++) {
                  answered[i].addAndGet(recorders.get(i).getIntervalHistogram().getTotalCount());
                }
                return answered[0].get() >= 20 && answered[1].get() >= 20;
              });
      peer.stop();
      assertEquals(0, peer.failures());
      assertTrue(peer.wire().contains("tls=TLSv1.3/"), peer.wire());
    }
  }
}
