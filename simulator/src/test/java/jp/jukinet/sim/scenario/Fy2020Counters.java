package jp.jukinet.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.jukinet.national.provision.AgencyRegistry;

/**
 * A run's kept provision counters ({@code reports/provision-counters-FY2020.csv}): records per
 * agency × 事務 × method and per month, and their shares against a table's.
 */
record Fy2020Counters(Map<String, Long> byCell, Map<String, Long> byMonth, long total) {
  static Fy2020Counters read(Path csv) throws IOException {
    Map<String, Long> cells = new HashMap<>();
    Map<String, Long> months = new TreeMap<>();
    long total = 0;
    List<String> lines = Files.readAllLines(csv);
    assertEquals("requester,jimu,month,method,count", lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      String agency = f[0].substring(f[0].lastIndexOf('-') + 1); // agency-A20
      long n = Long.parseLong(f[4]);
      cells.merge(agency + "/" + f[1] + "/" + f[3], n, Long::sum);
      months.merge(f[2], n, Long::sum);
      total += n;
    }
    return new Fy2020Counters(cells, months, total);
  }

  java.util.Set<String> months() {
    return byMonth.keySet();
  }

  /** Every cell of {@code table} has its share of the records within {@code tolerance}. */
  void assertSharesNear(ProvisionShares table, double tolerance) {
    for (ProvisionShares.Cell c : table.cells()) {
      String key = c.agency() + "/" + c.jimu() + "/" + AgencyRegistry.word(c.method());
      double expected = c.count() / (double) table.total();
      double actual = byCell.getOrDefault(key, 0L) / (double) total;
      assertEquals(expected, actual, tolerance, key + " of " + total + " records");
    }
  }
}
