package jp.jukinet.sim.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import jp.jukinet.national.provision.AgencyRegistry;
import jp.jukinet.protocol.data.Agencies;
import jp.jukinet.protocol.data.CsvResource;
import jp.jukinet.protocol.data.Jimu;
import jp.jukinet.protocol.proto.ProvisionMethod;

/**
 * The FY2020 provisions per 提供先 × 事務 × 提供方法 ({@code provision-fy2020-methods.csv}, bundled with the
 * simulator): each 事務's FY2020 提供件数 (S000 別紙3, the {@link Agencies} table) split across 即時提供,
 * 電気通信回線 and 磁気媒体. The FY2020 table gives per-事務 totals only, so the split is derived: from the
 * shares the 2013 官報 notice shows per agency where it shows them, otherwise by a stated assumption
 * (the {@code basis} column). Draws one cell at a time, weighted by its count.
 */
public final class ProvisionShares {
  static final String RESOURCE = "/jp/jukinet/sim/scenario/provision-fy2020-methods.csv";
  private static final List<ProvisionMethod> METHODS =
      List.of(
          ProvisionMethod.PROVISION_METHOD_IMMEDIATE,
          ProvisionMethod.PROVISION_METHOD_BATCH_LINE,
          ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA);

  /** One cell of the table: FY2020 provisions of one 事務 by one method. */
  public record Cell(String agency, String jimu, ProvisionMethod method, long count) {
    public Cell {
      Objects.requireNonNull(agency, "agency");
      Objects.requireNonNull(jimu, "jimu");
      Objects.requireNonNull(method, "method");
      if (count < 0) {
        throw new IllegalArgumentException(jimu + ": count " + count + " < 0");
      }
    }
  }

  private final List<Cell> cells;
  private final long[] cumulative;
  private final long total;

  private ProvisionShares(List<Cell> cells) {
    this.cells = List.copyOf(cells);
    this.cumulative = new long[this.cells.size()];
    long sum = 0;
    for (int i = 0; i < this.cells.size(); i++) {
      sum += this.cells.get(i).count();
      cumulative[i] = sum;
    }
    this.total = sum;
  }

  /** The whole FY2020 table; only cells with provisions. */
  public static ProvisionShares fy2020() {
    return Holder.ALL;
  }

  /**
   * The cells of {@code agencies} (all when empty) by {@code methods} (all when empty).
   *
   * @throws IllegalArgumentException when no cell is left
   */
  public ProvisionShares only(Collection<String> agencies, Collection<ProvisionMethod> methods) {
    List<Cell> kept =
        cells.stream()
            .filter(c -> agencies.isEmpty() || agencies.contains(c.agency()))
            .filter(c -> methods.isEmpty() || methods.contains(c.method()))
            .toList();
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(
          "no FY2020 provisions by "
              + (methods.isEmpty() ? "any method" : words(methods))
              + " for "
              + (agencies.isEmpty() ? "any agency" : String.join(", ", agencies)));
    }
    return new ProvisionShares(kept);
  }

  public List<Cell> cells() {
    return cells;
  }

  /** Provisions in all cells. */
  public long total() {
    return total;
  }

  /** The share of the cells by {@code method}. */
  public double share(ProvisionMethod method) {
    return cells.stream().filter(c -> c.method() == method).mapToLong(Cell::count).sum()
        / (double) total;
  }

  /** A cell, weighted by its count. */
  public Cell draw(Random random) {
    long x = (long) (random.nextDouble() * total);
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return cells.get(lo);
  }

  private static String words(Collection<ProvisionMethod> methods) {
    return String.join("+", methods.stream().map(AgencyRegistry::word).toList());
  }

  private static final class Holder {
    static final ProvisionShares ALL = load();

    private static ProvisionShares load() {
      List<Cell> cells = new ArrayList<>();
      List<Jimu> jimu = Agencies.jimu();
      List<CsvResource.Row> rows =
          CsvResource.readResource(RESOURCE, "jimu,agency,immediate,line,media,basis");
      if (rows.size() != jimu.size()) {
        throw new IllegalStateException(
            RESOURCE + ": " + rows.size() + " rows, the FY2020 table has " + jimu.size());
      }
      for (int i = 0; i < rows.size(); i++) {
        CsvResource.Row row = rows.get(i);
        Jimu j = jimu.get(i);
        if (!j.id().equals(row.field(0)) || !j.agencyId().equals(row.field(1))) {
          throw row.error("expected " + j.id() + " of " + j.agencyId());
        }
        long sum = 0;
        for (int m = 0; m < METHODS.size(); m++) {
          long n = Long.parseLong(row.field(2 + m));
          sum += n;
          if (n > 0) {
            cells.add(new Cell(j.agencyId(), j.id(), METHODS.get(m), n));
          }
        }
        if (sum != j.fy2020Count()) {
          throw row.error("methods sum to " + sum + ", FY2020 count is " + j.fy2020Count());
        }
      }
      return new ProvisionShares(cells);
    }
  }
}
