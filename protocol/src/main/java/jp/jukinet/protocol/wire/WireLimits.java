package jp.jukinet.protocol.wire;

/**
 * Hard limits of the wire codec, passed to every decoder by constructor.
 *
 * @param maxFrameBytes the largest frame accepted or sent, header included
 */
public record WireLimits(int maxFrameBytes) {
  public static final int DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

  /** Large enough for a Hello and an Error; anything smaller could not even refuse a peer. */
  public static final int MIN_MAX_FRAME_BYTES = 1024;

  public WireLimits {
    if (maxFrameBytes < MIN_MAX_FRAME_BYTES) {
      throw new IllegalArgumentException(
          "max frame bytes " + maxFrameBytes + " is below the minimum of " + MIN_MAX_FRAME_BYTES);
    }
  }

  public static WireLimits defaults() {
    return new WireLimits(DEFAULT_MAX_FRAME_BYTES);
  }

  /** The largest body length a header may announce. */
  public long maxBodyBytes() {
    return (long) maxFrameBytes - FrameHeader.LENGTH;
  }
}
