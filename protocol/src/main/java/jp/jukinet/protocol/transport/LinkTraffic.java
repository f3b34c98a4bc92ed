package jp.jukinet.protocol.transport;

/**
 * Frames and their bytes (8-byte header + body, before TLS) sent and received on a link
 * (docs/protocol.md §7.1), Hello, heartbeats and Error frames included.
 */
public record LinkTraffic(
    long framesSent, long bytesSent, long framesReceived, long bytesReceived) {
  public static final LinkTraffic NONE = new LinkTraffic(0, 0, 0, 0);

  public LinkTraffic {
    if (framesSent < 0 || bytesSent < 0 || framesReceived < 0 || bytesReceived < 0) {
      throw new IllegalArgumentException("traffic counts must not be negative");
    }
  }

  public LinkTraffic plus(LinkTraffic o) {
    return new LinkTraffic(
        framesSent + o.framesSent,
        bytesSent + o.bytesSent,
        framesReceived + o.framesReceived,
        bytesReceived + o.bytesReceived);
  }
}
