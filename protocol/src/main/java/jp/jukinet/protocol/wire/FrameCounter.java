package jp.jukinet.protocol.wire;

/**
 * Told of every frame a connection's codec reads or writes, with its size (8-byte header + body,
 * before TLS). The codec counts because it is where a frame's size is known for free: above it a
 * parsed message's size is not memoised, and a handler of its own would cost every frame a pipeline
 * step. Called on the channel's event loop.
 */
public interface FrameCounter {
  /** Counts nothing: a client that keeps no link statistics. */
  FrameCounter NONE =
      new FrameCounter() {
        @Override
        public void received(int frameBytes) {}

        @Override
        public void sent(int frameBytes) {}
      };

  void received(int frameBytes);

  void sent(int frameBytes);
}
