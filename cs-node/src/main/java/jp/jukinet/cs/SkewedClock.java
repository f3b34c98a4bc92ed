package jp.jukinet.cs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CS's domain clock (時計): the network's calendar, shifted by the offset written in {@code
 * <data_dir>/clock-offset} while that file exists. It is how a clock-skew fault reaches a CS, as a
 * wrongly set machine clock would: the operator of the host sets it, not a peer. The file holds an
 * ISO-8601 duration ({@code PT10M}, {@code -PT5M}) of at most a year either way; it is read again
 * at most every {@link #RECHECK} so that each domain-time read costs no file access. A file that
 * cannot be read as such an offset leaves the clock unshifted (logged once at WARN). Real time
 * (timeouts, heartbeats, queue ages) is never shifted.
 */
public final class SkewedClock extends Clock {
  private static final Logger LOG = LoggerFactory.getLogger(SkewedClock.class);

  /** The file's name in the CS's data directory. */
  public static final String FILE = "clock-offset";

  /** How stale the offset read may be. */
  public static final Duration RECHECK = Duration.ofMillis(100);

  /** The largest offset either way. */
  public static final Duration MAX_OFFSET = Duration.ofDays(366);

  private final String node;
  private final Clock calendar;
  private final Path file;
  private volatile long offsetMillis;
  private volatile long checkedAtNanos;
  private volatile String lastText = "";

  private SkewedClock(String node, Clock calendar, Path file) {
    this.node = Objects.requireNonNull(node, "node");
    this.calendar = Objects.requireNonNull(calendar, "calendar");
    this.file = Objects.requireNonNull(file, "file");
    this.checkedAtNanos = System.nanoTime() - RECHECK.toNanos() - 1;
  }

  /** {@code calendar}, shifted by {@code dataDir/clock-offset} while it exists. */
  public static SkewedClock of(String node, Clock calendar, Path dataDir) {
    return new SkewedClock(node, calendar, dataDir.resolve(FILE));
  }

  /** The offset in force now (zero unless skewed). */
  public Duration offset() {
    refresh();
    return Duration.ofMillis(offsetMillis);
  }

  @Override
  public long millis() {
    refresh();
    return calendar.millis() + offsetMillis;
  }

  @Override
  public Instant instant() {
    refresh();
    return calendar.instant().plusMillis(offsetMillis);
  }

  @Override
  public ZoneId getZone() {
    return calendar.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.offset(calendar.withZone(zone), offset());
  }

  private void refresh() {
    long now = System.nanoTime();
    if (now - checkedAtNanos < RECHECK.toNanos()) {
      return;
    }
    checkedAtNanos = now;
    String text;
    try {
      text = Files.readString(file).strip();
    } catch (NoSuchFileException e) {
      text = "";
    } catch (IOException e) {
      text = "unreadable: " + e.getClass().getSimpleName();
    }
    if (text.equals(lastText)) {
      return;
    }
    lastText = text;
    long offset = text.isEmpty() ? 0 : parse(text);
    if (offset != offsetMillis) {
      offsetMillis = offset;
      LOG.info(
          "{}: clock offset from the network's calendar now {}", node, Duration.ofMillis(offset));
    }
  }

  private long parse(String text) {
    try {
      Duration d = Duration.parse(text);
      if (d.abs().compareTo(MAX_OFFSET) > 0) {
        LOG.warn(
            "{}: {} holds an offset beyond {}; the clock stays unshifted", node, file, MAX_OFFSET);
        return 0;
      }
      return d.toMillis();
    } catch (DateTimeParseException e) {
      LOG.warn("{}: {} holds no ISO-8601 duration (PT10M); the clock stays unshifted", node, file);
      return 0;
    }
  }
}
