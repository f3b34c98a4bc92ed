package jp.jukinet.sim.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's drawing of the network: a tree listing, one row per node (the national server, each
 * prefecture server followed by its CSs), each link as wide as the bytes it carried during the run
 * and labelled with its frames and bytes each way; link-fault targets dashed red, killed or paused
 * nodes ringed red. Past {@link #MAX_CS} CSs (japan) only the prefecture servers are drawn, each
 * with its CSs' links summed, so the drawing stays readable and small.
 */
final class TopologySvg {
  /** Above this many CSs, CSs are not drawn one by one. */
  static final int MAX_CS = 60;

  private static final int ROW = 22;
  private static final int TOP = 36;
  private static final int X_NATIONAL = 20;
  private static final int X_PREF = 60;
  private static final int X_CS = 100;
  private static final int W = 860;

  private TopologySvg() {}

  static String render(TopologyTraffic t) {
    Map<String, TopologyTraffic.Link> upOf = new LinkedHashMap<>();
    t.links().forEach(l -> upOf.put(l.from(), l));
    TopologyTraffic.Node national = null;
    List<TopologyTraffic.Node> prefs = new ArrayList<>();
    Map<String, List<TopologyTraffic.Node>> cssOf = new LinkedHashMap<>();
    for (TopologyTraffic.Node n : t.nodes()) {
      switch (n.role()) {
        case "national" -> national = n;
        case "prefecture" -> {
          prefs.add(n);
          cssOf.putIfAbsent(n.id(), new ArrayList<>());
        }
        default -> cssOf.computeIfAbsent(n.upstream(), k -> new ArrayList<>()).add(n);
      }
    }
    long css = t.nodes().stream().filter(n -> n.role().equals("cs")).count();
    boolean aggregated = css > MAX_CS;
    double maxBytes = 1;
    for (TopologyTraffic.Link l : t.links()) {
      maxBytes = Math.max(maxBytes, l.bytesUp() + l.bytesDown());
    }
    // Rows, as a tree listing: the national server, then each prefecture server followed by its
    // CSs (not when aggregated). Each link is an elbow from its upper node down and across.
    Map<String, Double> y = new LinkedHashMap<>();
    int row = 0;
    double nationalY = rowY(row++);
    for (TopologyTraffic.Node p : prefs) {
      y.put(p.id(), rowY(row++));
      if (!aggregated) {
        for (TopologyTraffic.Node c : cssOf.get(p.id())) {
          y.put(c.id(), rowY(row++));
        }
      }
    }
    int height = TOP + row * ROW + 10;

    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"topology\" id=\"topology\" data-aggregated=\"")
        .append(aggregated ? "yes" : "no")
        .append("\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(W)
        .append(' ')
        .append(height)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    b.append("<text class=\"lbl\" x=\"")
        .append(X_NATIONAL)
        .append("\" y=\"16\">↑ frames and bytes towards the national server, ↓ back; width by")
        .append(" bytes; dashed red: a link fault's target; red ring: a killed or paused node")
        .append("</text>");
    if (aggregated) {
      b.append("<text class=\"lbl\" x=\"")
          .append(X_NATIONAL)
          .append("\" y=\"30\">")
          .append(css)
          .append(" CSs, not drawn one by one: each prefecture's CS links summed</text>");
    }
    // Links first, so nodes are drawn over them; the last ones first, so the elbows nearest to
    // their upper node are drawn on top.
    for (int i = prefs.size() - 1; i >= 0; i--) {
      TopologyTraffic.Node p = prefs.get(i);
      if (!aggregated) {
        List<TopologyTraffic.Node> under = cssOf.get(p.id());
        for (int j = under.size() - 1; j >= 0; j--) {
          TopologyTraffic.Node c = under.get(j);
          link(b, upOf.get(c.id()), X_PREF, y.get(p.id()), X_CS, y.get(c.id()), maxBytes);
        }
      }
      link(b, upOf.get(p.id()), X_NATIONAL, nationalY, X_PREF, y.get(p.id()), maxBytes);
    }
    if (national != null) {
      node(b, national, X_NATIONAL, nationalY, "");
    }
    for (TopologyTraffic.Node p : prefs) {
      String label = " " + traffic(upOf.get(p.id()));
      if (aggregated) {
        List<TopologyTraffic.Node> under = cssOf.get(p.id());
        long[] sum = new long[4];
        for (TopologyTraffic.Node c : under) {
          TopologyTraffic.Link l = upOf.get(c.id());
          if (l != null) {
            sum[0] += l.framesUp();
            sum[1] += l.bytesUp();
            sum[2] += l.framesDown();
            sum[3] += l.bytesDown();
          }
        }
        label +=
            "; its " + under.size() + " CSs' links: " + traffic(sum[0], sum[1], sum[2], sum[3]);
      }
      node(b, p, X_PREF, y.get(p.id()), label);
      if (!aggregated) {
        for (TopologyTraffic.Node c : cssOf.get(p.id())) {
          node(b, c, X_CS, y.get(c.id()), " " + traffic(upOf.get(c.id())));
        }
      }
    }
    return b.append("</svg>\n").toString();
  }

  private static double rowY(int row) {
    return TOP + row * ROW + ROW / 2.0;
  }

  /** A link from its upper node at (x1, y1) down to y2 and across to its lower node at x2. */
  private static void link(
      StringBuilder b,
      TopologyTraffic.Link l,
      double x1,
      double y1,
      double x2,
      double y2,
      double maxBytes) {
    if (l == null) {
      return;
    }
    double bytes = l.bytesUp() + l.bytesDown();
    double width = 1 + 5 * Math.log1p(bytes) / Math.log1p(maxBytes);
    b.append("<path class=\"link")
        .append(l.faulted() ? " faulted" : "")
        .append("\" data-from=\"")
        .append(HtmlReport.esc(l.from()))
        .append("\" data-to=\"")
        .append(HtmlReport.esc(l.to()))
        .append("\" d=\"M")
        .append(HtmlReport.fmt(x1))
        .append(',')
        .append(HtmlReport.fmt(y1))
        .append(" V")
        .append(HtmlReport.fmt(y2))
        .append(" H")
        .append(HtmlReport.fmt(x2))
        .append("\" fill=\"none\" stroke-width=\"")
        .append(HtmlReport.fmt(width))
        .append("\"><title>")
        .append(HtmlReport.esc(l.from() + " → " + l.to() + ": " + traffic(l)))
        .append("</title></path>");
  }

  /** A node's dot and, on its right, its name and its upstream link's traffic. */
  private static void node(
      StringBuilder b, TopologyTraffic.Node n, double x, double y, String traffic) {
    b.append("<g class=\"node ")
        .append(HtmlReport.esc(n.role()))
        .append(n.faulted() ? " faulted" : "")
        .append("\" data-id=\"")
        .append(HtmlReport.esc(n.id()))
        .append("\"><circle cx=\"")
        .append(HtmlReport.fmt(x))
        .append("\" cy=\"")
        .append(HtmlReport.fmt(y))
        .append("\" r=\"5\"/><text class=\"lbl\" x=\"")
        .append(HtmlReport.fmt(x + 10))
        .append("\" y=\"")
        .append(HtmlReport.fmt(y + 4))
        .append("\">")
        .append(HtmlReport.esc(n.id() + " " + n.name() + traffic))
        .append("</text><title>")
        .append(HtmlReport.esc(n.id() + " " + n.name()))
        .append("</title></g>");
  }

  private static String traffic(TopologyTraffic.Link l) {
    if (l == null) {
      return "";
    }
    if (!l.measured()) {
      return "(not measured: neither end answered)";
    }
    return traffic(l.framesUp(), l.bytesUp(), l.framesDown(), l.bytesDown());
  }

  static String traffic(long framesUp, long bytesUp, long framesDown, long bytesDown) {
    return "↑ "
        + framesUp
        + " frames "
        + bytes(bytesUp)
        + " · ↓ "
        + framesDown
        + " frames "
        + bytes(bytesDown);
  }

  /** 512 B, 12.3 kB, 4.5 MB, 1.2 GB. */
  static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = n;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
