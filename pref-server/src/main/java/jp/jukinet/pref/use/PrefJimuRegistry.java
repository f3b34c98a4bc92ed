package jp.jukinet.pref.use;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.jukinet.protocol.data.CsvResource;

/**
 * A prefecture's registry of its own 事務 (法第30条の15, 第30条の13) and of its 業務端末: which 所管 each 事務 has,
 * and which offices each terminal serves. A terminal may be used for a 事務 when one of the offices
 * it serves is among the 事務's 所管.
 *
 * <p>Read from {@code pref-jimu-<code2>.csv} and {@code pref-terminals-<code2>.csv}, bundled with
 * the prefecture server (docs/design.md §11): 山梨県 from its FY2020 別紙2, 神奈川県 from its FY2021 別添1–3;
 * every other prefecture gets the documented generic set ({@code pref-jimu-generic.csv}), the 事務
 * both of those prefectures register.
 */
public final class PrefJimuRegistry {
  static final String JIMU_HEADER = "code,basis,law,jimu,offices,recipient,since,reference_count";
  static final String TERMINALS_HEADER = "terminal,office";
  static final String GENERIC = "generic";

  /** Where the tables are bundled (pref-server's resources). */
  static final String DIR = "/jp/jukinet/pref/";

  private static final Set<String> SEEDED = Set.of("19", "14");

  private final String source;
  private final Map<String, PrefJimu> jimu;
  private final Map<String, Set<String>> officesByTerminal;

  PrefJimuRegistry(String source, List<PrefJimu> jimu, Map<String, Set<String>> officesByTerminal) {
    this.source = source;
    Map<String, PrefJimu> byCode = new LinkedHashMap<>();
    for (PrefJimu j : jimu) {
      if (byCode.put(j.code(), j) != null) {
        throw new IllegalArgumentException(source + ": 事務 " + j.code() + " twice");
      }
    }
    this.jimu = byCode;
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    officesByTerminal.forEach((t, o) -> copy.put(t, Set.copyOf(o)));
    this.officesByTerminal = copy;
  }

  /** The registry of the prefecture {@code code2} (e.g. {@code "19"}). */
  public static PrefJimuRegistry forPrefecture(String code2) {
    String key = SEEDED.contains(code2) ? code2 : GENERIC;
    return load(key);
  }

  static PrefJimuRegistry load(String key) {
    String jimuFile = "pref-jimu-" + key + ".csv";
    List<PrefJimu> jimu = new ArrayList<>();
    for (CsvResource.Row row : CsvResource.readResource(DIR + jimuFile, JIMU_HEADER)) {
      try {
        jimu.add(
            new PrefJimu(
                row.field(0),
                PrefBasis.valueOf(row.field(1)),
                row.field(2),
                row.field(3),
                Arrays.stream(row.field(4).split("\\|")).map(PrefOffice::parse).toList(),
                row.field(5),
                row.field(6),
                row.field(7).isEmpty() ? -1 : Long.parseLong(row.field(7))));
      } catch (IllegalArgumentException e) {
        throw row.error(e.getMessage());
      }
    }
    Map<String, Set<String>> terminals = new LinkedHashMap<>();
    for (CsvResource.Row row :
        CsvResource.readResource(DIR + "pref-terminals-" + key + ".csv", TERMINALS_HEADER)) {
      terminals.computeIfAbsent(row.field(0), t -> new LinkedHashSet<>()).add(row.field(1));
    }
    return new PrefJimuRegistry(jimuFile, jimu, terminals);
  }

  /** The data file it was read from. */
  public String source() {
    return source;
  }

  /** Every 事務, in table order. */
  public List<PrefJimu> all() {
    return List.copyOf(jimu.values());
  }

  public Optional<PrefJimu> byCode(String code) {
    return Optional.ofNullable(jimu.get(code));
  }

  /** The offices terminal {@code number} ({@code "01"}) serves; empty for an unknown terminal. */
  public Set<String> officesOf(String terminalNumber) {
    return officesByTerminal.getOrDefault(terminalNumber, Set.of());
  }

  /** Whether terminal {@code number} serves one of the 所管 of {@code j}. */
  public boolean allowed(String terminalNumber, PrefJimu j) {
    return officesOf(terminalNumber).stream().anyMatch(j::keptBy);
  }

  /** The terminal numbers that may be used for {@code j}. */
  public List<String> terminalsFor(PrefJimu j) {
    return officesByTerminal.keySet().stream().filter(t -> allowed(t, j)).toList();
  }
}
