package jp.jukinet.sim.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.protocol.data.Municipalities;
import jp.jukinet.protocol.data.Municipality;
import jp.jukinet.protocol.data.Prefecture;
import jp.jukinet.protocol.id.LocalGovernmentCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;

/**
 * Turns a topology spec (the {@code --topology} option) into a {@link Topology}:
 *
 * <ul>
 *   <li>{@code yamanashi}: national server, 山梨県 (190004) and its 27 municipalities with their 住基人口
 *       of 2020-01-01 (29 nodes);
 *   <li>{@code japan}: 47 prefectures and 1,741 CSs with census 2020 populations (1,789 nodes);
 *   <li>{@code synthetic:PxM}: prefectures 01..P (real codes and names), each with M made-up cities
 *       {@code pp201}, {@code pp202}, … named 合成市1, 合成市2, … of 10,000 people;
 *   <li>anything else: a YAML topology file ({@link TopologyFile}).
 * </ul>
 *
 * Generated topologies listen on 127.0.0.1 port 0, so every node picks a free port.
 */
public final class Topologies {
  public static final String YAMANASHI = "yamanashi";
  public static final String JAPAN = "japan";
  public static final String NATIONAL_NAME = "全国サーバ";
  public static final long SYNTHETIC_POPULATION = 10_000;
  public static final int MAX_SYNTHETIC_MUNICIPALITIES = 99;
  static final HostPort ANY_LOCAL_PORT = new HostPort("127.0.0.1", 0);
  private static final Pattern SYNTHETIC = Pattern.compile("synthetic:(\\d{1,4})x(\\d{1,4})");

  private Topologies() {}

  public static Topology resolve(String spec) {
    Objects.requireNonNull(spec, "topology spec");
    if (spec.equals(YAMANASHI)) {
      return yamanashi();
    }
    if (spec.equals(JAPAN)) {
      return japan();
    }
    if (spec.startsWith("synthetic:")) {
      Matcher m = SYNTHETIC.matcher(spec);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "invalid topology '" + spec + "': expected synthetic:PxM, e.g. synthetic:3x4");
      }
      return synthetic(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    Path file = Path.of(spec);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "unknown topology '"
              + spec
              + "': expected yamanashi, japan, synthetic:PxM or a topology file (no such file)");
    }
    return TopologyFile.load(file);
  }

  public static Topology yamanashi() {
    Prefecture yamanashi = Municipalities.prefecture(Municipalities.YAMANASHI).orElseThrow();
    return build(YAMANASHI, List.of(yamanashi), Municipalities.yamanashi2020());
  }

  public static Topology japan() {
    return build(JAPAN, Municipalities.prefectures(), Municipalities.all());
  }

  /** P prefectures (1..47) with M synthetic municipalities each (1..99). */
  public static Topology synthetic(int prefectures, int municipalitiesPerPrefecture) {
    String name = "synthetic:" + prefectures + "x" + municipalitiesPerPrefecture;
    if (prefectures < 1 || prefectures > LocalGovernmentCode.PREFECTURES) {
      throw new IllegalArgumentException(
          "invalid topology '"
              + name
              + "': P (prefectures) is "
              + prefectures
              + ", must be 1..47 (real prefecture codes 01..P are used)");
    }
    if (municipalitiesPerPrefecture < 1
        || municipalitiesPerPrefecture > MAX_SYNTHETIC_MUNICIPALITIES) {
      throw new IllegalArgumentException(
          "invalid topology '"
              + name
              + "': M (municipalities per prefecture) is "
              + municipalitiesPerPrefecture
              + ", must be 1..99 (codes pp201..pp299)");
    }
    List<Prefecture> prefs = Municipalities.prefectures().subList(0, prefectures);
    List<Municipality> munis = new ArrayList<>();
    for (Prefecture p : prefs) {
      for (int i = 1; i <= municipalitiesPerPrefecture; i++) {
        LocalGovernmentCode code =
            LocalGovernmentCode.parse(p.code2() + String.format(Locale.ROOT, "%03d", 200 + i));
        munis.add(new Municipality(code, p.code2(), p.name(), "合成市" + i, SYNTHETIC_POPULATION));
      }
    }
    return build(name, prefs, munis);
  }

  /** Every node on 127.0.0.1:0; prefectures in the given order, CSs in the given order. */
  static Topology build(
      String name, List<Prefecture> prefectures, List<Municipality> municipalities) {
    PeerId national = PeerId.national();
    List<NodeSpec> prefNodes = new ArrayList<>();
    for (Prefecture p : prefectures) {
      long population =
          municipalities.stream()
              .filter(m -> m.prefectureCode().equals(p.code2()))
              .mapToLong(Municipality::population)
              .sum();
      prefNodes.add(
          new NodeSpec(
              PeerId.prefecture(p.code6().value()),
              p.name(),
              ANY_LOCAL_PORT,
              national,
              population));
    }
    List<NodeSpec> csNodes = new ArrayList<>();
    for (Municipality m : municipalities) {
      csNodes.add(
          new NodeSpec(
              PeerId.cs(m.code6().value()),
              m.name(),
              ANY_LOCAL_PORT,
              PeerId.prefecture(m.code6().prefectureOwnCode().value()),
              m.population()));
    }
    long total = municipalities.stream().mapToLong(Municipality::population).sum();
    return new Topology(
        name,
        new NodeSpec(national, NATIONAL_NAME, ANY_LOCAL_PORT, null, total),
        prefNodes,
        csNodes,
        agencies());
  }

  /** The 32 agencies of the FY2020 provision table, AGENCY A01..A32. */
  static List<PeerId> agencies() {
    return Agencies.all().stream().map(a -> new PeerId(NodeRole.NODE_ROLE_AGENCY, a.id())).toList();
  }
}
