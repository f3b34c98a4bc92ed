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
