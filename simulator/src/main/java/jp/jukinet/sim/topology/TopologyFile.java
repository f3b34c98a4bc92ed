package jp.jukinet.sim.topology;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.data.Municipalities;
import jp.jukinet.protocol.data.Municipality;
import jp.jukinet.protocol.data.Prefecture;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;

/**
 * A topology written by the user, placing nodes on hosts and ports so that one network can span
 * machines:
 *
 * <pre>
 * name: two-hosts                          # optional; defaults to the file name without extension
 * national: {listen: "10.0.0.1:7000"}
 * prefectures:
 *   - {code: "190004", listen: "10.0.0.1:7100"}
 * municipalities:
 *   - {code: "192015", listen: "10.0.0.2:7200"}   # upstream = its prefecture, derived from the code
 * </pre>
 *
 * <p>Rules: codes are quoted text (YAML reads an unquoted {@code 047001} as the octal number
 * 19969), 6 digits or the 5-digit form; {@code listen} is {@code host:port} and defaults to {@code
 * 127.0.0.1:0}; two nodes never share a fixed host:port. Names come from the data and may be
 * overridden with {@code name}. A municipality's population is its census 2020 figure
 * (data/municipalities.csv) unless {@code population} is given; a code that is not in the data
 * needs both {@code name} and {@code population}. A prefecture's population is the sum of its
 * municipalities in the file. Every error names the file, the entry and the rule.
 */
public final class TopologyFile {
  private static final Set<String> TOP_KEYS =
      Set.of("name", "national", "prefectures", "municipalities");
  private static final Set<String> NATIONAL_KEYS = Set.of("listen");
  private static final Set<String> PREFECTURE_KEYS = Set.of("code", "listen", "name");
  private static final Set<String> MUNICIPALITY_KEYS =
      Set.of("code", "listen", "name", "population");
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private final String file;

  private TopologyFile(String file) {
    this.file = file;
  }

  public static Topology load(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "topology file " + path + ": cannot read it: " + e.getMessage(), e);
    }
    return parse(path.toString(), text);
  }

  /** Parses YAML text; {@code file} names it in messages and gives the default topology name. */
  public static Topology parse(String file, String yaml) {
    return new TopologyFile(file).parse(yaml);
  }

  private Topology parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw error("not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw error("must be a YAML mapping with keys national, prefectures, municipalities");
    }
    checkKeys("top level", root, TOP_KEYS);
    String name = root.has("name") ? text("name", root.get("name")) : defaultName();
    if (!root.has("national")) {
      throw error(
          "national: missing (the national server's entry, e.g. national: {listen: \"127.0.0.1:7000\"})");
    }
    JsonNode nationalEntry = root.get("national");
    if (!nationalEntry.isObject()) {
      throw error("national: must be a mapping like {listen: \"host:port\"}");
    }
    checkKeys("national", nationalEntry, NATIONAL_KEYS);
    HostPort nationalListen = listen("national", nationalEntry);

    Map<String, NodeSpec> prefectures = new LinkedHashMap<>(); // by prefecture code2
    Map<String, String> prefectureEntries = new HashMap<>();
    List<JsonNode> prefList = list(root, "prefectures");
    if (prefList.isEmpty()) {
      throw error("prefectures: at least one prefecture is needed");
    }
    PeerId national = PeerId.national();
    for (int i = 0; i < prefList.size(); i++) {
      Entry e = entry("prefectures", i, prefList.get(i), PREFECTURE_KEYS);
      String entry = e.name();
      JsonNode node = e.node();
      LocalGovernmentCode code = e.code();
      if (!code.isPrefecture()) {
        throw error(
            entry
                + ": "
                + code
                + " is a municipality's code, not a prefecture's own code (xx000 + check digit, e.g. "
                + code.prefectureOwnCode()
                + ")");
      }
      claim(prefectureEntries, code.prefectureCode(), entry);
      Prefecture known = Municipalities.prefecture(code.prefectureCode()).orElseThrow();
      String name1 = node.has("name") ? text(entry + ": name", node.get("name")) : known.name();
      prefectures.put(
          code.prefectureCode(),
          new NodeSpec(PeerId.prefecture(code.value()), name1, listen(entry, node), national, 0));
    }

    List<NodeSpec> css = new ArrayList<>();
    Map<String, String> csEntries = new HashMap<>();
    List<JsonNode> muniList = list(root, "municipalities");
    for (int i = 0; i < muniList.size(); i++) {
      Entry e = entry("municipalities", i, muniList.get(i), MUNICIPALITY_KEYS);
      String entry = e.name();
      JsonNode node = e.node();
      LocalGovernmentCode code = e.code();
      if (code.isPrefecture()) {
        throw error(entry + ": " + code + " is a prefecture's own code; list it under prefectures");
      }
      claim(csEntries, code.value(), entry);
      NodeSpec prefecture = prefectures.get(code.prefectureCode());
      if (prefecture == null) {
        throw error(
            entry + ": its prefecture " + code.prefectureOwnCode() + " is not in prefectures");
      }
      Optional<Municipality> known = Municipalities.byCode(code);
      if (known.isEmpty() && !(node.has("name") && node.has("population"))) {
        throw error(
            entry
                + ": unknown code, not a municipality in municipalities.csv"
                + " (give name and population to add a municipality that is not in the data)");
      }
      String name1 =
          node.has("name") ? text(entry + ": name", node.get("name")) : known.get().name();
      long population =
          node.has("population")
              ? population(entry, node.get("population"))
              : known.get().population();
      css.add(
          new NodeSpec(
              PeerId.cs(code.value()), name1, listen(entry, node), prefecture.id(), population));
    }

    List<NodeSpec> prefNodes = new ArrayList<>();
    for (NodeSpec p : prefectures.values()) {
      long population =
          css.stream()
              .filter(c -> c.upstream().equals(p.id()))
              .mapToLong(NodeSpec::population)
              .sum();
      prefNodes.add(new NodeSpec(p.id(), p.name(), p.listen(), p.upstream(), population));
    }
    long total = css.stream().mapToLong(NodeSpec::population).sum();
    try {
      return new Topology(
          name,
          new NodeSpec(national, Topologies.NATIONAL_NAME, nationalListen, null, total),
          prefNodes,
          css,
          Topologies.agencies());
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage()); // e.g. two nodes on one fixed address
    }
  }

  private String defaultName() {
    String base = Path.of(file).getFileName().toString();
    int dot = base.lastIndexOf('.');
    return dot > 0 ? base.substring(0, dot) : base;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("topology file " + file + ": " + what);
  }

  private void checkKeys(String entry, JsonNode node, Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!allowed.contains(key)) {
        throw error(
            entry
                + ": unknown key '"
                + key
                + "' (allowed: "
                + String.join(", ", allowed.stream().sorted().toList())
                + ")");
      }
    }
  }

  private List<JsonNode> list(JsonNode root, String key) {
    JsonNode node = root.get(key);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw error(key + ": must be a list of entries (- {code: ..., listen: ...})");
    }
    List<JsonNode> out = new ArrayList<>();
    node.forEach(out::add);
    return out;
  }

  /** One entry of a list, as named in errors ("prefectures[0] (code 190004)"), with its code. */
  private record Entry(String name, JsonNode node, LocalGovernmentCode code) {}

  /**
   * Reads the {@code i}th entry of {@code list}: a mapping with a code and only {@code allowed}
   * keys.
   */
  private Entry entry(String list, int i, JsonNode raw, Set<String> allowed) {
    String entry = list + "[" + i + "]";
    JsonNode node = mapping(entry, raw);
    LocalGovernmentCode code = code(entry, node);
    entry += " (code " + code + ")";
    checkKeys(entry, node, allowed);
    return new Entry(entry, node, code);
  }

  /** Records that {@code entry} gives {@code code}; refuses a code an earlier entry gave. */
  private void claim(Map<String, String> seen, String code, String entry) {
    String previous = seen.putIfAbsent(code, entry);
    if (previous != null) {
      throw error(entry + ": duplicate code, already given by " + previous);
    }
  }

  private JsonNode mapping(String entry, JsonNode node) {
    if (!node.isObject()) {
      throw error(entry + ": must be a mapping like {code: \"192015\", listen: \"host:port\"}");
    }
    return node;
  }

  private LocalGovernmentCode code(String entry, JsonNode node) {
    JsonNode code = node.get("code");
    if (code == null) {
      throw error(entry + ": code is missing");
    }
    if (!code.isTextual()) {
      throw error(
          entry
              + ": code "
              + code.asText()
              + " must be quoted text, e.g. code: \"192015\""
              + " (YAML reads unquoted digits as a number and may drop or misread leading zeros)");
    }
    try {
      return LocalGovernmentCode.parse(code.asText());
    } catch (IllegalArgumentException e) {
      throw error(entry + ": " + e.getMessage());
    }
  }

  private HostPort listen(String entry, JsonNode node) {
    JsonNode listen = node.get("listen");
    if (listen == null || listen.isNull()) {
      return Topologies.ANY_LOCAL_PORT;
    }
    if (!listen.isTextual()) {
      throw error(entry + ": listen " + listen.asText() + " must be quoted \"host:port\" text");
    }
    try {
      return HostPort.parse(listen.asText());
    } catch (IllegalArgumentException e) {
      throw error(entry + ": listen: " + e.getMessage());
    }
  }

  private String text(String what, JsonNode node) {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw error(what + " must be non-empty text");
    }
    return node.asText();
  }

  private long population(String entry, JsonNode node) {
    if (!node.isIntegralNumber() || node.asLong() < 0) {
      throw error(entry + ": population " + node.asText() + " must be a whole number ≥ 0");
    }
    return node.asLong();
  }
}
