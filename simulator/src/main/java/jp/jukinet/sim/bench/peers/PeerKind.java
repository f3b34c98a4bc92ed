package jp.jukinet.sim.bench.peers;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.sim.bench.BenchPki;

/** The reference peers a benchmark can compare jukinet with, by the name the CLI takes. */
public enum PeerKind {
  /** Raw Netty echo: the protocol ceiling. */
  NETTY_PROTO("netty-proto", "raw Netty, mTLS 1.3, length-prefixed frames, both sides parse and serialise the "
      + "record: the ceiling, nothing doing the same work on this machine can be faster"),
  /** gRPC-java, one bidirectional stream per connection. */
  GRPC_STREAM("grpc-stream", "gRPC-java (grpc-netty-shaded) over mTLS 1.3, one bidirectional stream per connection "
      + "with W messages in flight: an off-the-shelf RPC stack's best case"),
  /** gRPC-java unary calls. */
  GRPC_UNARY("grpc-unary", "gRPC-java unary calls over mTLS 1.3, async stub, W calls in flight per channel: "
      + "the usual way gRPC services are written");

  private final String id;
  private final String description;

  PeerKind(String id, String description) {
    this.id = id;
    this.description = description;
  }

  /** The name on the command line and in the RESULT line ({@code peer-<id>}). */
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public static PeerKind of(String id) {
    for (PeerKind k : values()) {
      if (k.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown reference peer '" + id + "' (" + ids() + ")");
  }

  /** "netty-proto, grpc-stream, grpc-unary". */
  public static String ids() {
    return Arrays.stream(values()).map(PeerKind::id).collect(Collectors.joining(", "));
  }

  /** Starts this peer's server and its {@code conns} connections (handshakes done, nothing in flight). */
  ReferencePeer start(BenchPki pki, IdentityInfo record, int conns, int window, int serverThreads, int clientThreads)
      throws Exception {
    return switch (this) {
      case NETTY_PROTO -> NettyEchoPeer.start(pki, record, conns, window, serverThreads, clientThreads);
      case GRPC_STREAM -> GrpcEchoPeer.start(pki, record, conns, window, true, serverThreads, clientThreads);
      case GRPC_UNARY -> GrpcEchoPeer.start(pki, record, conns, window, false, serverThreads, clientThreads);
    };
  }
}
