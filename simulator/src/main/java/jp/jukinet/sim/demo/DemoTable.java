package jp.jukinet.sim.demo;

import java.io.PrintWriter;
import java.util.List;
import jp.jukinet.sim.verify.VerifyTable;

/**
 * The text form of a {@link DemoReport}: operations × counts with Japanese headings, then the
 * verification.
 */
public final class DemoTable {
  private DemoTable() {}

  public static void print(DemoReport r, PrintWriter out) {
    printRows(r.rows(), out);
    out.println(
        pad("転出確定 (旧CS)", 18)
            + pad(Long.toString(r.moveOutConfirmed()), 8, true)
            + pad(Long.toString(r.moveOutConfirmations() - r.moveOutConfirmed()), 8, true)
            + "  of "
            + r.moveOutConfirmations()
            + " moves");
    printFailures(r.rows(), out);
    for (String u : r.unconfirmed()) {
      out.println("  転出確定 not seen at " + u);
    }
    out.printf("operations done in %.1f s%n", r.seconds());
    VerifyTable.print(r.verify(), out);
    out.println("demo: " + (r.ok() ? "OK" : "FAILED"));
    out.flush();
  }

  /** Operations × counts (成功, 失敗, 県内 / 県外), under Japanese headings. */
  public static void printRows(List<DemoReport.Row> rows, PrintWriter out) {
    out.println(pad("操作", 18) + pad("成功", 8, true) + pad("失敗", 8, true) + "  " + "県内 / 県外");
    for (DemoReport.Row row : rows) {
      String split =
          row.withinPrefecture() + row.acrossPrefectures() > 0
              ? row.withinPrefecture() + " / " + row.acrossPrefectures()
              : "";
      out.println(
          pad(row.japanese(), 18)
              + pad(Long.toString(row.succeeded()), 8, true)
              + pad(Long.toString(row.failed()), 8, true)
              + "  "
              + split);
    }
  }

  /** The first few failure messages of each operation. */
  public static void printFailures(List<DemoReport.Row> rows, PrintWriter out) {
    for (DemoReport.Row row : rows) {
      for (String f : row.failures()) {
        out.println("  失敗 " + row.japanese() + ": " + f);
      }
    }
  }

  private static String pad(String s, int width) {
    return pad(s, width, false);
  }

  /** Pads to a display width where CJK characters take two columns. */
  private static String pad(String s, int width, boolean right) {
    int w = s.codePoints().map(c -> c < 0x1100 ? 1 : 2).sum();
    String fill = " ".repeat(Math.max(1, width - w));
    return right ? fill + s : s + fill;
  }
}
