package jp.jukinet.sim.verify;

import java.io.PrintWriter;
import jp.jukinet.sim.verify.VerifyReport.Difference;
import jp.jukinet.sim.verify.VerifyReport.Lag;
import jp.jukinet.sim.verify.VerifyReport.NodeCount;

/** The text form of a {@link VerifyReport}. */
public final class VerifyTable {
  private VerifyTable() {}

  public static void print(VerifyReport r, PrintWriter out) {
    out.printf(
        "verify: %d municipalities, %,d records at the CSs%n", r.municipalities(), r.csRecords());
    long withDiffs = r.counts().stream().filter(c -> c.total() > 0).count();
    if (withDiffs > 0) {
      out.printf(
          "%-16s %-12s %10s %9s %9s %9s%n",
          "node", "municipality", "records", "missing", "extra", "stale");
      for (NodeCount c : r.counts()) {
        if (c.total() > 0) {
          out.printf(
              "%-16s %-12s %,10d %,9d %,9d %,9d%n",
              c.node(), c.municipality(), c.records(), c.missing(), c.extra(), c.stale());
        }
      }
      out.println();
      for (Difference d : r.differences()) {
        out.printf(
            "  %-7s %s %s %s: %s%n",
            d.kind(), d.node(), d.municipality(), d.juminhyoCode(), d.detail());
      }
      if (r.differenceCount() > r.differences().size()) {
        out.printf("  … and %,d more%n", r.differenceCount() - r.differences().size());
      }
    }
    if (!r.lag().isEmpty()) {
      out.println("replication lag (unacknowledged changes per link):");
      out.printf("  %-32s %10s %12s%n", "link", "unacked", "oldest");
      for (Lag l : r.lag()) {
        out.printf(
            "  %-32s %,10d %10.1f s%n",
            l.node() + " -> " + l.peer(), l.unackedChanges(), l.oldestUnackedAgeMillis() / 1000.0);
      }
    }
    for (VerifyReport.NotAnswering n : r.notAnswering()) {
      out.printf("not answering: %s: %s%n", n.node(), n.error());
    }
    out.printf(
        "result: %,d differences, %d lagging links, %d not answering: %s%n",
        r.differenceCount(),
        r.lag().size(),
        r.notAnswering().size(),
        r.converged()
            ? "CONVERGED"
            : r.partial()
                ? "PARTIAL (differences among the nodes that answered)"
                : "NOT CONVERGED");
    out.flush();
  }
}
