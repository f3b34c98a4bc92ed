package jp.jukinet.protocol.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;

/**
 * The receiver's duty of docs/protocol.md §5.1: every frame's message id is at least 1 and greater
 * than the previous frame's on this connection, else MALFORMED_FRAME (fatal, correlation id 0)
 * before anything looks at the body. After that failure no later frame is passed on.
 */
public final class MessageIdCheck extends ChannelInboundHandlerAdapter {
  private long last;
  private boolean failed;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (failed) {
      return; // the connection is being closed for a fatal error
    }
    Envelope env = (Envelope) msg;
    long id = env.getMessageId();
    if (id == 0 || Long.compareUnsigned(id, last) <= 0) {
      failed = true;
      throw new ProtocolException(
          ErrorCode.ERROR_CODE_MALFORMED_FRAME,
          0,
          true,
          id == 0
              ? "message id 0 (" + env.getBodyCase() + "): message ids start at 1"
              : "message id "
                  + Long.toUnsignedString(id)
                  + " ("
                  + env.getBodyCase()
                  + ") is not greater than the previous frame's "
                  + Long.toUnsignedString(last));
    }
    last = id;
    ctx.fireChannelRead(env);
  }
}
