package jp.jukinet.protocol.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.proto.NodeRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time to init a national-size PKI (about 3,600 subjects: 1,741 CSs, 47 prefectures, agencies,
 * operators). Opt-in: {@code -Djukinet.bench=true}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class NetworkPkiBenchIT {
  @TempDir Path tmp;

  @Test
  void initOf3600Subjects() {
    assumeTrue(Boolean.getBoolean("jukinet.bench"), "benchmark: run with -Djukinet.bench=true");
    List<PeerId> subjects = new ArrayList<>();
    subjects.add(PeerId.national());
    for (int i = 0; i < 3599; i++) {
      subjects.add(new PeerId(NodeRole.NODE_ROLE_OPERATOR, "bench-" + i));
    }
    long t0 = System.nanoTime();
    NetworkPki pki = NetworkPki.init(tmp.resolve("pki"), subjects, Duration.ofDays(365));
    long initMs = (System.nanoTime() - t0) / 1_000_000;
    long t1 = System.nanoTime();
    NetworkPki.init(tmp.resolve("pki"), subjects, Duration.ofDays(365));
    long againMs = (System.nanoTime() - t1) / 1_000_000;
    long t2 = System.nanoTime();
    int listed = pki.list().size();
    long listMs = (System.nanoTime() - t2) / 1_000_000;
    System.out.printf(
        "BENCH init %d subjects: %d ms; idempotent re-init: %d ms; list: %d ms%n",
        subjects.size(), initMs, againMs, listMs);
    assertEquals(3600, listed);
  }
}
