package jp.jukinet.sim.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Watches every log call in this JVM, whatever its logger and level configuration (a turbo filter
 * sees each call before any level or additivity decides about it): ERROR lines, and WARN or ERROR
 * lines that are too long or carry a line break (a peer's text written unquoted).
 */
final class LogWatch implements AutoCloseable {
  /**
   * A log line longer than this quotes something whole (quoted peer values are about 660 bytes at
   * most).
   */
  static final int MAX_LINE = 4_096;

  private static final int KEPT = 50;

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  /** By logger and format: how often, and the first line. */
  private final Map<String, Sample> errors = new ConcurrentHashMap<>();

  private final Map<String, Sample> unquoted = new ConcurrentHashMap<>();
  private final AtomicLong errorCount = new AtomicLong();
  private final AtomicLong unquotedCount = new AtomicLong();
  private final TurboFilter filter =
      new TurboFilter() {
        @Override
        public FilterReply decide(
            Marker marker,
            Logger logger,
            Level level,
            String format,
            Object[] params,
            Throwable t) {
          if (level == null || !level.isGreaterOrEqual(Level.WARN) || format == null) {
            return FilterReply.NEUTRAL;
          }
          String line = MessageFormatter.arrayFormat(format, params).getMessage();
          String where = logger.getName() + " \"" + cut(format) + "\"";
          if (level == Level.ERROR) {
            keep(errors, errorCount, where, cut(line) + (t == null ? "" : " / " + t));
          }
          if (line.length() > MAX_LINE || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            keep(
                unquoted,
                unquotedCount,
                level + " " + where,
                line.length() + " chars: " + cut(line));
          }
          return FilterReply.NEUTRAL;
        }
      };

  LogWatch() {
    filter.setName("fuzz-log-watch");
    filter.start();
    context.addTurboFilter(filter);
  }

  long errorCount() {
    return errorCount.get();
  }

  String errors() {
    return describe(errors);
  }

  long unquotedCount() {
    return unquotedCount.get();
  }

  String unquoted() {
    return describe(unquoted);
  }

  private record Sample(AtomicLong count, String first) {}

  private static void keep(Map<String, Sample> m, AtomicLong total, String where, String line) {
    total.incrementAndGet();
    if (m.size() < KEPT || m.containsKey(where)) {
      m.computeIfAbsent(where, w -> new Sample(new AtomicLong(), line)).count().incrementAndGet();
    }
  }

  private static String describe(Map<String, Sample> m) {
    StringBuilder s = new StringBuilder();
    m.forEach(
        (where, sample) ->
            s.append("\n    ")
                .append(where)
                .append(" ×")
                .append(sample.count().get())
                .append(", e.g. ")
                .append(sample.first()));
    return s.toString();
  }

  private static String cut(String s) {
    String one = s.replace("\n", "\\n").replace("\r", "\\r");
    return one.length() > 300 ? one.substring(0, 300) + "…" : one;
  }

  @Override
  public void close() {
    context.getTurboFilterList().remove(filter);
  }
}
