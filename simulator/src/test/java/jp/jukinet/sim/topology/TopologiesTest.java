package jp.jukinet.sim.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.data.Municipalities;
import jp.jukinet.protocol.data.Municipality;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class TopologiesTest {

  @Test
  void yamanashi() {
    Topology t = Topologies.resolve("yamanashi");
    assertEquals("yamanashi", t.name());
    assertEquals(29, t.nodes().size());
    assertEquals(28, t.links().size());
    assertEquals(PeerId.national(), t.nodes().get(0).id());
    NodeSpec pref = t.nodes().get(1);
    assertEquals(
        new NodeSpec(
            PeerId.prefecture("190004"),
            "山梨県",
            new HostPort("127.0.0.1", 0),
            PeerId.national(),
            826_579),
        pref);
    NodeSpec kofu = t.node(PeerId.cs("192015"));
    assertEquals("甲府市", kofu.name());
    assertEquals(187_880, kofu.population());
    assertEquals(PeerId.prefecture("190004"), kofu.upstream());
    assertEquals(826_579, t.population());
    assertEquals(826_579, t.national().population());
    assertTrue(t.nodes().stream().allMatch(n -> n.listen().equals(new HostPort("127.0.0.1", 0))));
    assertTrue(
        t.links().contains(new Topology.Link(PeerId.cs("192015"), PeerId.prefecture("190004"))));
    assertTrue(
        t.links().contains(new Topology.Link(PeerId.prefecture("190004"), PeerId.national())));
    assertEquals(27, t.cssOf(PeerId.prefecture("190004")).size());
  }

  @Test
  void yamanashiSubjects() {
    Topology t = Topologies.resolve("yamanashi");
    List<PeerId> subjects = t.allSubjects();
    // 29 nodes + 32 agencies + 27 operators + 1 terminal + 1 monitor
    assertEquals(29 + 32 + 27 + 1 + 1, subjects.size());
    assertEquals(subjects.size(), new HashSet<>(subjects).size());
    assertTrue(subjects.contains(new PeerId(NodeRole.NODE_ROLE_AGENCY, "A01")));
    assertTrue(subjects.contains(new PeerId(NodeRole.NODE_ROLE_AGENCY, "A32")));
    assertTrue(subjects.contains(new PeerId(NodeRole.NODE_ROLE_OPERATOR, "192015-01")));
    assertTrue(subjects.contains(new PeerId(NodeRole.NODE_ROLE_PREF_TERMINAL, "190004-01")));
    assertTrue(subjects.contains(new PeerId(NodeRole.NODE_ROLE_MONITOR, "01")));
    assertEquals("op-192015-01", Topology.operatorOf(PeerId.cs("192015")).name());
  }

  @Test
  void nodeLookupFailsNamingTheTopology() {
    Topology t = Topologies.yamanashi();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.node(PeerId.cs("131016")));
    assertEquals("topology yamanashi has no node cs-131016", e.getMessage());
    assertTrue(t.findNode(PeerId.prefecture("130001")).isEmpty());
    assertEquals(PeerId.national(), t.node(PeerId.national()).id());
  }

  @Test
  void japan() {
    Topology t = Topologies.resolve("japan");
    assertEquals(1_789, t.nodes().size());
    assertEquals(1_788, t.links().size());
    assertEquals(47, t.prefectures().size());
    assertEquals(1_741, t.css().size());
    assertEquals(126_226_568L, t.population());
    assertEquals(1_789 + 32 + 1_741 + 47 + 1, t.allSubjects().size());
    long tokyo =
        Municipalities.inPrefecture("13").stream().mapToLong(Municipality::population).sum();
    assertEquals(tokyo, t.node(PeerId.prefecture("130001")).population());
    assertEquals(62, t.cssOf(PeerId.prefecture("130001")).size());
    for (NodeSpec cs : t.css()) {
      LocalGovernmentCode code = LocalGovernmentCode.parse(cs.id().code());
      assertEquals(code.prefectureOwnCode().value(), cs.upstream().code());
    }
  }

  @Test
  void synthetic() {
    Topology t = Topologies.resolve("synthetic:3x4");
    assertEquals("synthetic:3x4", t.name());
    assertEquals(16, t.nodes().size());
    assertEquals(15, t.links().size());
    assertEquals(
        List.of("010006", "020001", "030007"),
        t.prefectures().stream().map(n -> n.id().code()).toList());
    assertEquals(
        List.of("北海道", "青森県", "岩手県"), t.prefectures().stream().map(NodeSpec::name).toList());
    NodeSpec first = t.css().get(0);
    assertEquals(LocalGovernmentCode.parse("01201").value(), first.id().code());
    assertEquals("合成市1", first.name());
    assertEquals(10_000, first.population());
    assertEquals("合成市4", t.css().get(3).name());
    assertEquals(40_000, t.prefectures().get(2).population());
    for (NodeSpec cs : t.css()) {
      assertTrue(LocalGovernmentCode.isValid(cs.id().code()), cs.id().code());
    }
    assertEquals(47 * 99 + 47 + 1, Topologies.resolve("synthetic:47x99").nodes().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"synthetic:0x4", "synthetic:48x1"})
  void syntheticPrefectureCountOutOfRange(String spec) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Topologies.resolve(spec));
    assertTrue(
        e.getMessage().startsWith("invalid topology '" + spec + "': P (prefectures) is "),
        e.getMessage());
    assertTrue(e.getMessage().contains("must be 1..47"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"synthetic:3x0", "synthetic:3x100"})
  void syntheticMunicipalityCountOutOfRange(String spec) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Topologies.resolve(spec));
    assertTrue(e.getMessage().contains("M (municipalities per prefecture) is "), e.getMessage());
    assertTrue(e.getMessage().contains("must be 1..99"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "synthetic:",
        "synthetic:3",
        "synthetic:3x",
        "synthetic:ax4",
        "synthetic:3x4x5",
        "synthetic:-1x4"
      })
  void syntheticMalformed(String spec) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Topologies.resolve(spec));
    assertEquals(
        "invalid topology '" + spec + "': expected synthetic:PxM, e.g. synthetic:3x4",
        e.getMessage());
  }

  @Test
  void unknownSpec(@TempDir Path dir) {
    String spec = dir.resolve("nope.yaml").toString();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Topologies.resolve(spec));
    assertEquals(
        "unknown topology '"
            + spec
            + "': expected yamanashi, japan, synthetic:PxM or a topology file (no such file)",
        e.getMessage());
  }

  @Test
  void fileSpec(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("two-hosts.yaml");
    Files.writeString(
        file,
        """
        national: {listen: "10.0.0.1:7000"}
        prefectures:
          - {code: "190004", listen: "10.0.0.1:7100"}
        municipalities:
          - {code: "192015", listen: "10.0.0.2:7200"}
        """);
    Topology t = Topologies.resolve(file.toString());
    assertEquals("two-hosts", t.name());
    assertEquals(3, t.nodes().size());
    Set<PeerId> ids = new HashSet<>(t.nodes().stream().map(NodeSpec::id).toList());
    assertEquals(Set.of(PeerId.national(), PeerId.prefecture("190004"), PeerId.cs("192015")), ids);
  }

  @Test
  void nodeSpecValidates() {
    HostPort any = new HostPort("127.0.0.1", 0);
    assertThrows(
        IllegalArgumentException.class,
        () -> new NodeSpec(PeerId.national(), "全国サーバ", any, PeerId.national(), 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new NodeSpec(PeerId.cs("192015"), "甲府市", any, PeerId.national(), 0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NodeSpec(PeerId.cs("192015"), "甲府市", any, PeerId.prefecture("130001"), 0));
    assertEquals("node cs-192015: upstream pref-130001 is not its own prefecture", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new NodeSpec(new PeerId(NodeRole.NODE_ROLE_AGENCY, "A01"), "x", any, null, 0));
  }
}
