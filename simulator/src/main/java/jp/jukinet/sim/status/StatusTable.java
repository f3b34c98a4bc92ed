package jp.jukinet.sim.status;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Renders a {@link NetworkStatus} as a plain-text table, one row per link. */
public final class StatusTable {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final ZoneId zone;

  public StatusTable(ZoneId zone) {
    this.zone = zone;
  }

  public void print(NetworkStatus s, PrintWriter out) {
    String fmt = "%-14s %-22s %-8s %-11s %-14s %-4s %-11s %s%n";
    out.printf(fmt, "NODE", "ADDRESS", "PID", "CERT UNTIL", "LINK", "DIR", "STATE", "SINCE");
    for (NetworkStatus.NodeView n : s.nodes()) {
      String pid = n.pid() == null ? "-" : n.pid().toString();
      if (!n.answering()) {
        out.printf(fmt, n.node(), n.address(), pid, "-", "-", "-", "NO ANSWER", n.error());
        continue;
      }
      String cert = DATE.format(Instant.ofEpochMilli(n.certificateNotAfterMillis()).atZone(zone));
      List<NetworkStatus.LinkView> links = n.links();
      if (links.isEmpty()) {
        out.printf(fmt, n.node(), n.address(), pid, cert, "-", "-", "-", "");
      }
      boolean first = true;
      for (NetworkStatus.LinkView l : links) {
        String since = TIME.format(Instant.ofEpochMilli(l.sinceMillis()).atZone(zone));
        out.printf(
            fmt,
            first ? n.node() : "",
            first ? n.address() : "",
            first ? pid : "",
            first ? cert : "",
            l.peer(),
            l.direction(),
            l.state(),
            since);
        first = false;
      }
    }
    out.printf(
        "%d of %d nodes answering, %d of %d links up (%s mode, topology %s)%n",
        s.nodesAnswering(),
        s.nodes().size(),
        s.linksUp(),
        s.linksExpected(),
        s.mode(),
        s.topology());
    for (String n : s.notAnswering()) {
      out.printf("not answering: %s%n", n);
    }
    for (String l : s.linksNotUp()) {
      out.printf("link not up: %s%n", l);
    }
    for (NetworkStatus.NodeView n : s.nodes()) {
      if (n.acceptFailures() > 0) {
        out.printf(
            "%s could not accept %d connection%s (out of file descriptors?); see its log%n",
            n.node(), n.acceptFailures(), n.acceptFailures() == 1 ? "" : "s");
      }
    }
    out.flush();
  }
}
