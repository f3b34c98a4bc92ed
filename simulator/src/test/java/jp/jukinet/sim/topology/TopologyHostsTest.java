package jp.jukinet.sim.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jp.jukinet.sim.testing.TestTopologies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Placing a topology's nodes on hosts: what {@code up --host} and {@code pki export} rely on. */
@Timeout(60)
class TopologyHostsTest {
  private static final Topology TWO_HOSTS = TestTopologies.load(TestTopologies.TWO_HOSTS);

  @Test
  void nodesAreOnTheHostOfTheirListenAddress() {
    assertEquals(List.of("10.0.0.1", "10.0.0.2"), TWO_HOSTS.hosts());
    assertEquals(
        List.of("national", "pref-190004"),
        TWO_HOSTS.nodesOn("10.0.0.1").stream().map(n -> n.id().name()).toList());
    assertEquals(
        List.of("cs-192015", "cs-192023"),
        TWO_HOSTS.nodesOn("10.0.0.2").stream().map(n -> n.id().name()).toList());
    TWO_HOSTS.requireAddressable();
  }

  @Test
  void anUnknownHostIsNamedWithTheTopologysHosts() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TWO_HOSTS.nodesOn("10.0.0.3"));
    assertEquals(
        "topology two-hosts has no node on host 10.0.0.3 (its hosts: [10.0.0.1, 10.0.0.2])",
        e.getMessage());
  }

  @Test
  void aNetworkAcrossHostsNeedsFixedAddresses() {
    Topology t =
        TopologyFile.parse(
            "t.yaml",
            """
            national: {listen: "10.0.0.1:7000"}
            prefectures:
              - {code: "190004", listen: "0.0.0.0:7100"}
            municipalities:
              - {code: "192015"}
            """);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, t::requireAddressable);
    assertTrue(
        e.getMessage().contains("pref-190004 (0.0.0.0:7100), cs-192015 (127.0.0.1:0)"),
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Topologies.resolve("yamanashi").requireAddressable());
  }
}
