package jp.jukinet.protocol.transport;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one owner of whether a connection is read (docs/protocol.md §6.5). Reading stops while the
 * connection is unwritable (answers queued above the high-water mark), while {@code pauseAt}
 * requests of it are in flight (a peer sending faster than the node answers), while the node's
 * handler holds it ({@link Connection#pauseReading}: work read from it is behind), or for good once
 * the connection is being closed; it resumes once writable again and at most {@code resumeAt}
 * requests are in flight. Requests already read when it stops (the rest of that socket read, no
 * more) are held by the connection and handed over in order when it resumes, before the socket is
 * read again, so a fast peer is slowed by TCP rather than queued without bound or refused. Event
 * loop only.
 */
final class ReadValve {
  private final Channel channel;
  private final int pauseAt;
  private final int resumeAt;
  private final LongAdder pauses;
  private final Runnable resuming;
  private boolean unwritable;
  private boolean full;
  private boolean stopped;
  private boolean held;

  /**
   * @param pauses counts the times reading stopped because {@code pauseAt} requests were in flight
   * @param resuming hands over the requests held while paused; it may pause reading again
   */
  ReadValve(Channel channel, int pauseAt, LongAdder pauses, Runnable resuming) {
    this.channel = channel;
    this.pauseAt = pauseAt;
    this.resumeAt = pauseAt / 2;
    this.pauses = pauses;
    this.resuming = resuming;
  }

  /** Whether requests read now must wait: reading is stopped for one of the reasons above. */
  boolean paused() {
    return stopped || unwritable || full || held;
  }

  /** The number of requests in flight changed to {@code n}. */
  void inFlight(int n) {
    if (!full && n >= pauseAt) {
      full = true;
      pauses.increment();
      apply();
    } else if (full && n <= resumeAt) {
      full = false;
      apply();
    }
  }

  void writable(boolean writable) {
    unwritable = !writable;
    apply();
  }

  /** The node's handler stops ({@code true}) or resumes reading for its own backpressure. */
  void hold(boolean hold) {
    held = hold;
    apply();
  }

  /** Nothing more is read: the connection is being closed. */
  void stop() {
    stopped = true;
    apply();
  }

  private void apply() {
    if (!paused() && channel.isActive()) {
      resuming.run();
    }
    boolean read = !paused();
    if (read == channel.config().isAutoRead() || (read && !channel.isActive())) {
      return;
    }
    channel.config().setAutoRead(read);
  }
}
