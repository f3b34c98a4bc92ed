package jp.jukinet.sim.bench.peers;

import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.proto.IdentityInfo;
import org.HdrHistogram.Recorder;

/**
 * What every echo peer's closed loops share: the record, the window, the stop flag and the failure
 * count.
 */
abstract class EchoPeerBase implements ReferencePeer {
  final IdentityInfo record;
  final int window;
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean stopping;

  EchoPeerBase(IdentityInfo record, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window " + window + " must be at least 1");
    }
    this.record = record;
    this.window = window;
  }

  @Override
  public void stop() {
    stopping = true;
  }

  final boolean stopping() {
    return stopping;
  }

  @Override
  public long failures() {
    return failures.get();
  }

  /** Records a round trip of {@code nanos}, or a failure when the answer is not the record sent. */
  final void answered(IdentityInfo answer, long nanos, Recorder recorder) {
    if (answer != null && answer.getJuminhyoCode().equals(record.getJuminhyoCode())) {
      recorder.recordValue(nanos);
    } else {
      failures.incrementAndGet();
    }
  }

  /** A round trip that broke; once stopping, closing connections break them on purpose. */
  final void failed() {
    if (!stopping) {
      failures.incrementAndGet();
    }
  }
}
