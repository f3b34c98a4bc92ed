package jp.jukinet.sim.populate;

import java.io.PrintWriter;
import java.util.Map;
import jp.jukinet.sim.verify.VerifyTable;

/** {@code jukinet populate}'s text report. */
public final class PopulateTable {
  private PopulateTable() {}

  public static void print(PopulateReport r, PrintWriter out) {
    out.printf(
        "populate: %,d of %,d residents recorded (%,d refused or unanswered) in %d municipalities, "
            + "%.1f s, %,.0f/s%n",
        r.recorded(), r.planned(), r.failed(), r.municipalities(), r.seconds(), r.perSecond());
    out.printf("  variant kanji surnames: %,d", r.variantKanji());
    if (!r.variantSurnames().isEmpty()) {
      StringBuilder sb = new StringBuilder(" (");
      String sep = "";
      for (Map.Entry<String, Long> e : new java.util.TreeMap<>(r.variantSurnames()).entrySet()) {
        sb.append(sep).append(e.getKey()).append(' ').append(String.format("%,d", e.getValue()));
        sep = ", ";
      }
      out.print(sb.append(')'));
    }
    out.println();
    out.printf(
        "  same 氏名, 性別 and 生年月日 as a resident of another municipality: %,d%n",
        r.sameNameAndBirthElsewhere());
    for (String e : r.errors()) {
      out.println("  error: " + e);
    }
    if (r.verify() != null) {
      VerifyTable.print(r.verify(), out);
    }
    out.println("populate: " + (r.ok() ? "OK" : "FAILED"));
    out.flush();
  }
}
