package jp.jukinet.sim.report;

import java.io.PrintWriter;

/**
 * The text of {@code jukinet report provisions}: the 官報 announcement, then the FY totals on a page
 * of their own.
 */
public final class ProvisionsText {
  private ProvisionsText() {}

  public static void print(
      PrintWriter out, ProvisionAnnouncement announcement, ProvisionTotals totals) {
    announcement.print(out);
    out.println();
    out.println();
    totals.print(out);
  }
}
