package jp.jukinet.protocol.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The 32 agencies and 68 事務 of the FY2020 provision table (data/provision-fy2020.csv, from the
 * seed's 別紙3). An agency listed in several blocks of the seed is one {@link Agency}. Read once from
 * the classpath on first use and kept as immutable lists.
 */
public final class Agencies {
  static final String PROVISION_CSV = "provision-fy2020.csv";

  private Agencies() {}

  /** A01…A32 in order of first appearance. */
  public static List<Agency> all() {
    return Holder.AGENCIES;
  }

  /** J01…J68 in table order. */
  public static List<Jimu> jimu() {
    return Holder.JIMU;
  }

  public static Optional<Agency> byId(String id) {
    return Holder.AGENCIES.stream().filter(a -> a.id().equals(id)).findFirst();
  }

  /** The 事務 of one agency, in table order. */
  public static List<Jimu> jimuOf(String agencyId) {
    return Holder.JIMU.stream().filter(j -> j.agencyId().equals(agencyId)).toList();
  }

  private static final class Holder {
    static final List<Agency> AGENCIES;
    static final List<Jimu> JIMU;

    static {
      Map<String, Agency> byName = new LinkedHashMap<>();
      List<Jimu> jimu = new ArrayList<>();
      for (CsvResource.Row row : CsvResource.read(PROVISION_CSV, "agency,jimu,count")) {
        try {
          Agency agency =
              byName.computeIfAbsent(
                  row.field(0),
                  name -> new Agency(String.format(Locale.ROOT, "A%02d", byName.size() + 1), name));
          String id = String.format(Locale.ROOT, "J%02d", jimu.size() + 1);
          jimu.add(new Jimu(id, agency.id(), row.field(1), Long.parseLong(row.field(2))));
        } catch (IllegalArgumentException e) {
          throw row.error(e.getMessage());
        }
      }
      AGENCIES = List.copyOf(byName.values());
      JIMU = List.copyOf(jimu);
    }
  }
}
