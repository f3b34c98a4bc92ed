package jp.jukinet.protocol.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The lines some loggers write while it is open (logback's ListAppender), for assertions on log
 * output.
 */
public final class LogCapture implements AutoCloseable {
  private final List<Logger> loggers = new ArrayList<>();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(Class<?>... sources) {
    appender.start();
    for (Class<?> source : sources) {
      Logger logger = (Logger) LoggerFactory.getLogger(source);
      logger.addAppender(appender);
      loggers.add(logger);
    }
  }

  /** Captures what the loggers of {@code sources} write, at every level they let through. */
  public static LogCapture of(Class<?>... sources) {
    return new LogCapture(sources);
  }

  /** Captures every logger's lines (the root logger's appenders see them all). */
  public static LogCapture all() {
    LogCapture c = new LogCapture();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(c.appender);
    c.loggers.add(root);
    return c;
  }

  /** Formatted WARN lines so far. */
  public List<String> warnings() {
    return lines(Level.WARN);
  }

  /** Formatted lines of {@code level} so far. */
  public List<String> lines(Level level) {
    List<ILoggingEvent> events;
    synchronized (appender) { // the appender appends under its own lock
      events = List.copyOf(appender.list);
    }
    List<String> out = new ArrayList<>();
    for (ILoggingEvent e : events) {
      if (e.getLevel() == level) {
        out.add(e.getFormattedMessage() + causes(e.getThrowableProxy()));
      }
    }
    return out;
  }

  /** WARN and ERROR lines so far, with the class and message of every cause. */
  public List<String> problems() {
    List<String> out = new ArrayList<>(lines(Level.WARN));
    out.addAll(lines(Level.ERROR));
    return out;
  }

  private static String causes(IThrowableProxy t) {
    StringBuilder b = new StringBuilder();
    for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
      b.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    return b.toString();
  }

  @Override
  public void close() {
    loggers.forEach(l -> l.detachAppender(appender));
    appender.stop();
  }
}
