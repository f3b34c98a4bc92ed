package jp.jukinet.sim.scenario;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import jp.jukinet.national.provision.AgencyRegistry;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.protocol.id.IsoDates;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.report.ProvisionAnnouncement;
import jp.jukinet.sim.report.ProvisionTotals;
import jp.jukinet.sim.report.ProvisionsText;
import jp.jukinet.sim.report.ReportClient;
import jp.jukinet.sim.report.ReportException;
import jp.jukinet.sim.report.ReportPeriod;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.workload.AgencyClient;
import jp.jukinet.sim.workload.NodeConnections;

/**
 * Keeps the provision report of each 年度 a calendar run covered, asked of the national server before
 * the network goes: {@code reports/provisions-FY2020.txt} (what {@code jukinet report provisions
 * --period FY2020} prints) and {@code reports/provision-counters-FY2020.csv} (its counters:
 * requester, 事務, month, method, count). A report that cannot be had leaves {@code
 * provisions-FY2020.failed} saying why; the run's verdict does not change.
 */
final class ProvisionReports {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private ProvisionReports() {}

  /** Whether the timeline provides to agencies (a run without provisions keeps no report). */
  static boolean wanted(List<Step> steps) {
    for (Step s : steps) {
      boolean provides =
          s instanceof ProvisionMixStep
              || s instanceof AgencyStep
              || (s instanceof RepeatStep r && wanted(List.of(r.step())))
              || (s instanceof TogetherStep t && wanted(t.steps()));
      if (provides) {
        return true;
      }
    }
    return false;
  }

  /** Saves the report of every 年度 from {@code from} to now on {@code calendar}. */
  static void save(
      NodeRuntime runtime,
      RunDirectory dir,
      NetworkState state,
      SimulatedCalendar calendar,
      Instant from,
      Path results) {
    Path out = results.resolve("reports");
    int first = ReportPeriod.fiscalYearOf(YearMonth.from(calendar.at(from).atZone(Moment.JAPAN)));
    int last =
        ReportPeriod.fiscalYearOf(YearMonth.from(calendar.at(Instant.now()).atZone(Moment.JAPAN)));
    try (NodeConnections connections =
        NodeConnections.as(
            runtime.transport(),
            TransportSettings.defaults(),
            NodeTls.load(dir.pkiDir(), StatusCollector.MONITOR))) {
      Files.createDirectories(out);
      ReportClient client = new ReportClient(connections, TIMEOUT);
      for (int fy = first; fy <= last; fy++) {
        ReportPeriod period = ReportPeriod.fiscal(fy);
        try {
          List<CounterRow> rows =
              client.counters(
                  PeerId.national(),
                  AgencyClient.nationalAddress(state)
                      .orElseThrow(() -> new ReportException("no national server in the network")),
                  ReportKind.REPORT_KIND_PROVISIONS,
                  period);
          if (rows.isEmpty()) {
            continue; // a 年度 the calendar passed through before the timeline provided anything
          }
          StringWriter text = new StringWriter();
          try (PrintWriter w = new PrintWriter(text)) {
            ProvisionsText.print(
                w,
                ProvisionAnnouncement.of(
                    rows, period, IsoDates.today(calendar.clock(java.time.Clock.systemUTC()))),
                ProvisionTotals.of(rows, period));
          }
          write(out.resolve("provisions-FY" + fy + ".txt"), text.toString());
          write(out.resolve("provision-counters-FY" + fy + ".csv"), csv(rows));
        } catch (ReportException e) {
          write(out.resolve("provisions-FY" + fy + ".failed"), e.getMessage() + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the provision reports in " + out, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String csv(List<CounterRow> rows) {
    StringBuilder b = new StringBuilder("requester,jimu,month,method,count\n");
    for (CounterRow r : rows) {
      b.append(r.getRequester())
          .append(',')
          .append(r.getJimuCode())
          .append(',')
          .append(r.getMonth())
          .append(',')
          .append(AgencyRegistry.word(r.getMethod()))
          .append(',')
          .append(r.getCount())
          .append('\n');
    }
    return b.toString();
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
