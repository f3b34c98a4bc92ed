package jp.jukinet.protocol.transport;

import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.wire.FrameCounter;

/**
 * The frames of one channel, in and out, as its codec reads and writes them (Hello, heartbeats and
 * Error frames included). Updated on the event loop, read from any thread ({@link #traffic()}).
 */
final class TrafficCounter implements FrameCounter {
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong framesReceived = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();

  @Override
  public void received(int frameBytes) {
    framesReceived.incrementAndGet();
    bytesReceived.addAndGet(frameBytes);
  }

  @Override
  public void sent(int frameBytes) {
    framesSent.incrementAndGet();
    bytesSent.addAndGet(frameBytes);
  }

  LinkTraffic traffic() {
    return new LinkTraffic(
        framesSent.get(), bytesSent.get(), framesReceived.get(), bytesReceived.get());
  }
}
