package jp.jukinet.sim.bench.peers;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.sim.bench.BenchPki;

/** The reference peers a benchmark can compare jukinet with, by the name the CLI takes. */
public enum PeerKind {
  /**
   * Raw Netty echo, both sides parsing and serialising the record: the ceiling ({@link
   * NettyEchoPeer}).
   */
  NETTY_PROTO("netty-proto"),
  /** gRPC-java, one bidirectional stream per connection ({@link GrpcEchoPeer}). */
  GRPC_STREAM("grpc-stream"),
  /** gRPC-java unary calls from the async stub ({@link GrpcEchoPeer}). */
  GRPC_UNARY("grpc-unary");

  private final String id;

  PeerKind(String id) {
    this.id = id;
  }

  /** The name on the command line and in the RESULT line ({@code peer-<id>}). */
  public String id() {
    return id;
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

  /**
   * Starts this peer's server and its {@code conns} connections (handshakes done, nothing in
   * flight).
   */
  ReferencePeer start(
      BenchPki pki,
      IdentityInfo record,
      int conns,
      int window,
      int serverThreads,
      int clientThreads)
      throws Exception {
    return switch (this) {
      case NETTY_PROTO ->
          NettyEchoPeer.start(pki, record, conns, window, serverThreads, clientThreads);
      case GRPC_STREAM ->
          GrpcEchoPeer.start(pki, record, conns, window, true, serverThreads, clientThreads);
      case GRPC_UNARY ->
          GrpcEchoPeer.start(pki, record, conns, window, false, serverThreads, clientThreads);
    };
  }
}
