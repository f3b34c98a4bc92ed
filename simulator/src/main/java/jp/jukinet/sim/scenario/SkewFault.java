package jp.jukinet.sim.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import jp.jukinet.cs.SkewedClock;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.protocol.pki.PeerId;

/**
 * Runs a CS's clock {@code offset} ahead of the network's calendar: writes the offset into the CS's
 * {@code <data_dir>/clock-offset}, which the CS reads (within {@link SkewedClock#RECHECK}) as a
 * machine would its clock setting; healed by deleting the file.
 */
record SkewFault(Path dataDir, PeerId node, Duration offset) implements Fault {
  static final Duration MAX_OFFSET = SkewedClock.MAX_OFFSET;

  /** How far the CS's clock is set ahead: a real span through the calendar's rate. */
  static Duration onCalendar(Span offset, SimulatedCalendar calendar) {
    if (offset.simulated() || calendar == null) {
      return offset.amount();
    }
    return Duration.ofMillis(Math.round(offset.amount().toMillis() * calendar.rate()));
  }

  @Override
  public String describe() {
    return "skew " + node.name() + " +" + offset.toString().substring(2).toLowerCase();
  }

  @Override
  public void apply() {
    Path file = dataDir.resolve(SkewedClock.FILE);
    try {
      Files.createDirectories(dataDir);
      Path tmp = Files.createTempFile(dataDir, SkewedClock.FILE, ".tmp");
      Files.writeString(tmp, offset + "\n");
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot skew " + node + "'s clock (" + file + ")", e);
    }
  }

  @Override
  public void heal() {
    try {
      Files.deleteIfExists(dataDir.resolve(SkewedClock.FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set " + node + "'s clock back", e);
    }
  }
}
