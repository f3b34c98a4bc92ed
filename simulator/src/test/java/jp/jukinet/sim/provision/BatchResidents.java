package jp.jukinet.sim.provision;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.bench.BirthLoad;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.verify.MonitorClient;

/**
 * Residents for batch tests: births through every CS's operator (the demo's path), awaited at the
 * national server, then read back from it as the monitor.
 */
final class BatchResidents {
  static final PeerId MONITOR = new PeerId(NodeRole.NODE_ROLE_MONITOR, "01");

  private BatchResidents() {}

  /**
   * Key i of a test batch: resident i mod n by 住民票コード; every 7th key (i mod 7 = 3) a code nobody
   * holds.
   */
  static java.util.Iterator<jp.jukinet.protocol.proto.ProvisionKey> keys(
      List<IdentityInfo> residents, long from) {
    return java.util.stream.LongStream.iterate(from, i -> i + 1)
        .mapToObj(i -> key(residents, i))
        .iterator();
  }

  static jp.jukinet.protocol.proto.ProvisionKey key(List<IdentityInfo> residents, long i) {
    String code =
        i % 7 == 3
            ? String.format("%011d", 0)
            : residents.get((int) (i % residents.size())).getJuminhyoCode();
    return jp.jukinet.protocol.proto.ProvisionKey.newBuilder().setJuminhyoCode(code).build();
  }

  /** What {@link #key} should find: nobody for i mod 7 = 3, else that resident. */
  static void assertExpected(
      List<IdentityInfo> residents, long i, jp.jukinet.protocol.proto.BatchResult r) {
    if (i % 7 == 3) {
      assertEquals(0, r.getMatchesCount(), "index " + i);
    } else {
      assertEquals(1, r.getMatchesCount(), "index " + i);
      assertEquals(
          residents.get((int) (i % residents.size())).getJuminhyoCode(),
          r.getMatches(0).getJuminhyoCode(),
          "index " + i);
    }
  }

  /** Makes {@code perCs} births at each CS and returns every record the national server holds. */
  static List<IdentityInfo> born(LocalNetwork net, NodeRuntime runtime, int perCs)
      throws Exception {
    Map<PeerId, InetSocketAddress> css = new LinkedHashMap<>();
    InetSocketAddress national = null;
    for (NetworkState.Node n : net.state().nodes()) {
      if (n.id().role() == NodeRole.NODE_ROLE_CS) {
        css.put(n.id(), new InetSocketAddress(n.host(), n.port()));
      } else if (n.id().equals(PeerId.national())) {
        national = new InetSocketAddress(n.host(), n.port());
      }
    }
    try (BirthLoad load =
        BirthLoad.start(runtime.transport(), net.directory().pkiDir(), css, 32, perCs, 0)) {
      assertTrue(load.awaitDone(Duration.ofSeconds(240)), "every birth was answered");
      assertEquals(0, load.failed(), "birth errors: " + load.errors());
    }
    long expected = (long) perCs * css.size();
    InetSocketAddress at = national;
    try (MonitorClient monitor =
        new MonitorClient(
            runtime.transport(),
            NodeTls.load(net.directory().pkiDir(), MONITOR),
            TransportSettings.defaults(),
            Duration.ofSeconds(60))) {
      Supplier<List<IdentityInfo>> all =
          () -> {
            List<IdentityInfo> out = new ArrayList<>();
            for (PeerId cs : css.keySet()) {
              try {
                out.addAll(monitor.listRecords(PeerId.national(), at, cs.code()));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
            return out;
          };
      await().atMost(Duration.ofSeconds(120)).until(() -> all.get().size() == expected);
      return all.get();
    }
  }
}
