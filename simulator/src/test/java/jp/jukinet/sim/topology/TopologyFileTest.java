package jp.jukinet.sim.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.pki.PeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TopologyFileTest {
  private static final String FILE = "net.yaml";

  private static Topology parse(String yaml) {
    return TopologyFile.parse(FILE, yaml);
  }

  private static void assertRejected(String expectedMessage, String yaml) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(yaml));
    assertEquals("topology file " + FILE + ": " + expectedMessage, e.getMessage());
  }

  @Test
  void twoHosts() {
    Topology t =
        parse(
            """
        name: two-hosts
        national: {listen: "10.0.0.1:7000"}
        prefectures:
          - {code: "190004", listen: "10.0.0.1:7100"}
        municipalities:
          - {code: "192015", listen: "10.0.0.2:7200"}   # upstream = its prefecture
          - {code: "19202"}                            # 5-digit form, default listen
        """);
    assertEquals("two-hosts", t.name());
    assertEquals(new HostPort("10.0.0.1", 7000), t.national().listen());
    NodeSpec pref = t.node(PeerId.prefecture("190004"));
    assertEquals(new HostPort("10.0.0.1", 7100), pref.listen());
    assertEquals("山梨県", pref.name());
    NodeSpec kofu = t.node(PeerId.cs("192015"));
    assertEquals(
        new NodeSpec(
            PeerId.cs("192015"),
            "甲府市",
            new HostPort("10.0.0.2", 7200),
            pref.id(),
            kofu.population()),
        kofu);
    NodeSpec fujiyoshida = t.css().get(1);
    assertEquals("cs-192023", fujiyoshida.id().name());
    assertEquals("富士吉田市", fujiyoshida.name());
    assertEquals(new HostPort("127.0.0.1", 0), fujiyoshida.listen());
    assertEquals(kofu.population() + fujiyoshida.population(), pref.population());
    assertEquals(
        List.of(
            new Topology.Link(pref.id(), PeerId.national()),
            new Topology.Link(kofu.id(), pref.id()),
            new Topology.Link(fujiyoshida.id(), pref.id())),
        t.links());
  }

  @Test
  void nameDefaultsToTheFileNameAndLoadReadsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lab.yml");
    Files.writeString(
        file,
        """
        national: {}
        prefectures: [{code: "13000"}]
        municipalities: [{code: "13101", name: "千代田区(検証)", population: 5}, {code: "131024", listen: "127.0.0.1:0"}]
        """);
    Topology t = TopologyFile.load(file);
    assertEquals("lab", t.name());
    assertEquals("千代田区(検証)", t.css().get(0).name());
    assertEquals(5, t.css().get(0).population());
    assertEquals("中央区", t.css().get(1).name());
  }

  @Test
  void unknownMunicipalityNeedsNameAndPopulation() {
    String yaml =
        """
        national: {}
        prefectures: [{code: "190004"}]
        municipalities: [{code: "19299", name: "試験市"%s}]
        """;
    assertRejected(
        "municipalities[0] (code 192996): unknown code, not a municipality in municipalities.csv"
            + " (give name and population to add a municipality that is not in the data)",
        yaml.formatted(""));
    Topology t = parse(yaml.formatted(", population: 1000"));
    assertEquals("試験市", t.css().get(0).name());
    assertEquals(1000, t.population());
  }

  @Test
  void csWhosePrefectureIsMissing() {
    assertRejected(
        "municipalities[1] (code 131016): its prefecture 130001 is not in prefectures",
        """
        national: {}
        prefectures: [{code: "190004"}]
        municipalities: [{code: "192015"}, {code: "131016"}]
        """);
  }

  @Test
  void duplicateCodes() {
    assertRejected(
        "municipalities[1] (code 192015): duplicate code, already given by municipalities[0] (code 192015)",
        """
        national: {}
        prefectures: [{code: "190004"}]
        municipalities: [{code: "192015"}, {code: "19201"}]
        """);
    assertRejected(
        "prefectures[1] (code 190004): duplicate code, already given by prefectures[0] (code 190004)",
        """
        national: {}
        prefectures: [{code: "190004"}, {code: "19000"}]
        """);
  }

  @Test
  void badCodes() {
    assertRejected(
        "municipalities[0]: invalid 全国地方公共団体コード '192016': check digit should be 5"
            + " (weighted mod 11, last digit of 11 − r)",
        """
        national: {}
        prefectures: [{code: "190004"}]
        municipalities: [{code: "192016"}]
        """);
    assertRejected(
        "municipalities[0]: code 192015 must be quoted text, e.g. code: \"192015\""
            + " (YAML reads unquoted digits as a number and may drop or misread leading zeros)",
        """
        national: {}
        prefectures: [{code: "190004"}]
        municipalities: [{code: 192015}]
        """);
    assertRejected(
        "prefectures[0]: code is missing",
        """
        national: {}
        prefectures: [{listen: "127.0.0.1:0"}]
        """);
    assertRejected(
        "prefectures[0] (code 192015): 192015 is a municipality's code, not a prefecture's own code"
            + " (xx000 + check digit, e.g. 190004)",
        """
        national: {}
        prefectures: [{code: "192015"}]
        """);
    assertRejected(
        "municipalities[0] (code 190004): 190004 is a prefecture's own code; list it under prefectures",
        """
        national: {}
        prefectures: [{code: "190004"}]
        municipalities: [{code: "190004"}]
        """);
  }

  @Test
  void badAddresses() {
    assertRejected(
        "municipalities[0] (code 192015): listen: invalid address '10.0.0.2': expected host:port",
        """
        national: {}
        prefectures: [{code: "190004"}]
        municipalities: [{code: "192015", listen: "10.0.0.2"}]
        """);
    assertRejected(
        "national: listen: invalid address '10.0.0.1:http': the port is not a number",
        """
        national: {listen: "10.0.0.1:http"}
        prefectures: [{code: "190004"}]
        """);
    assertRejected(
        "prefectures[0] (code 190004): listen: port 70000 is outside 0..65535",
        """
        national: {}
        prefectures: [{code: "190004", listen: "10.0.0.1:70000"}]
        """);
    assertRejected(
        "prefectures[0] (code 190004): listen 7000 must be quoted \"host:port\" text",
        """
        national: {}
        prefectures: [{code: "190004", listen: 7000}]
        """);
    assertRejected(
        "topology net: cs-192015 and pref-190004 both listen on 10.0.0.1:7100",
        """
        national: {listen: "10.0.0.1:7000"}
        prefectures: [{code: "190004", listen: "10.0.0.1:7100"}]
        municipalities: [{code: "192015", listen: "10.0.0.1:7100"}]
        """);
  }

  @Test
  void unknownKeys() {
    assertRejected(
        "top level: unknown key 'agencies' (allowed: municipalities, name, national, prefectures)",
        """
        national: {}
        prefectures: [{code: "190004"}]
        agencies: []
        """);
    assertRejected(
        "municipalities[0] (code 192015): unknown key 'lisen' (allowed: code, listen, name, population)",
        """
        national: {}
        prefectures: [{code: "190004"}]
        municipalities: [{code: "192015", lisen: "10.0.0.2:7200"}]
        """);
    assertRejected(
        "prefectures[0] (code 190004): unknown key 'population' (allowed: code, listen, name)",
        """
        national: {}
        prefectures: [{code: "190004", population: 3}]
        """);
    assertRejected(
        "national: unknown key 'code' (allowed: listen)",
        """
        national: {code: "000000"}
        prefectures: [{code: "190004"}]
        """);
  }

  @Test
  void badShapes() {
    assertRejected(
        "national: missing (the national server's entry, e.g. national: {listen: \"127.0.0.1:7000\"})",
        """
        prefectures: [{code: "190004"}]
        """);
    assertRejected("prefectures: at least one prefecture is needed", "national: {}\n");
    assertRejected(
        "prefectures: must be a list of entries (- {code: ..., listen: ...})",
        """
        national: {}
        prefectures: {code: "190004"}
        """);
    assertRejected(
        "municipalities[0]: must be a mapping like {code: \"192015\", listen: \"host:port\"}",
        """
        national: {}
        prefectures: [{code: "190004"}]
        municipalities: ["192015"]
        """);
    assertRejected(
        "municipalities[0] (code 192015): population -5 must be a whole number ≥ 0",
        """
        national: {}
        prefectures: [{code: "190004"}]
        municipalities: [{code: "192015", population: -5}]
        """);
    assertRejected(
        "must be a YAML mapping with keys national, prefectures, municipalities", "- a\n- b\n");
    assertRejected("must be a YAML mapping with keys national, prefectures, municipalities", "");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                parse(
                    """
        national: {}
        national: {}
        """));
    assertEquals(
        true,
        e.getMessage()
            .startsWith("topology file net.yaml: not valid YAML: Duplicate field 'national'"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("national: {listen: [\n"));
    assertEquals(
        true,
        e.getMessage().startsWith("topology file net.yaml: not valid YAML: "),
        e.getMessage());
  }
}
