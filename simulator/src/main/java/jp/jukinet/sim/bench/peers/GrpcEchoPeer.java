package jp.jukinet.sim.bench.peers;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.sim.bench.BenchPki;
import jp.jukinet.sim.bench.peers.proto.EchoPeerGrpc;
import org.HdrHistogram.Recorder;

/**
 * The off-the-shelf peer: gRPC-java (grpc-netty-shaded, its own relocated Netty and BoringSSL) over
 * mutual TLS 1.3 with the project's certificates, echoing the record. {@code directExecutor} on
 * both sides (handlers never block). Each connection is its own channel, hence its own TCP
 * connection. Unary: W calls outstanding per channel, each completion issuing the next. Stream: one
 * bidirectional stream per channel with W messages outstanding, answers in order.
 */
final class GrpcEchoPeer extends EchoPeerBase {
  private final boolean stream;
  private final EventLoopGroup boss;
  private final EventLoopGroup serverWorkers;
  private final EventLoopGroup clientGroup;
  private final boolean epoll;
  private final SslProvider provider;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private Server server;
  private volatile String tls = "TLSv1.3/?";

  private GrpcEchoPeer(
      IdentityInfo record, int window, boolean stream, int serverThreads, int clientThreads) {
    super(record, window);
    this.stream = stream;
    this.epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.boss = new MultiThreadIoEventLoopGroup(1, io);
    this.serverWorkers = new MultiThreadIoEventLoopGroup(serverThreads, io);
    this.clientGroup = new MultiThreadIoEventLoopGroup(clientThreads, io);
    this.provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  /**
   * Starts the gRPC server and opens {@code conns} channels, each connected (TLS handshake done).
   */
  static GrpcEchoPeer start(
      BenchPki pki,
      IdentityInfo record,
      int conns,
      int window,
      boolean stream,
      int serverThreads,
      int clientThreads)
      throws IOException {
    GrpcEchoPeer peer = new GrpcEchoPeer(record, window, stream, serverThreads, clientThreads);
    try {
      peer.listen(pki);
      peer.connect(pki, conns);
    } catch (IOException | RuntimeException e) {
      peer.close();
      throw e;
    }
    return peer;
  }

  private void listen(BenchPki pki) throws IOException {
    SslContext context =
        GrpcSslContexts.configure(
                SslContextBuilder.forServer(
                    pki.privateKey(pki.server()), pki.certificate(pki.server())),
                provider)
            .protocols("TLSv1.3")
            .trustManager(pki.caCertificate())
            .clientAuth(ClientAuth.REQUIRE)
            .build();
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(serverWorkers)
            .channelType(channelType)
            .directExecutor()
            .sslContext(context)
            .addService(new Echo())
            .build()
            .start();
  }

  private void connect(BenchPki pki, int conns) throws IOException {
    SslContext context =
        GrpcSslContexts.configure(SslContextBuilder.forClient(), provider)
            .protocols("TLSv1.3")
            .keyManager(pki.privateKey(pki.client()), pki.certificate(pki.client()))
            .trustManager(pki.caCertificate())
            .build();
    Class<? extends Channel> channelType =
        epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    for (int i = 0; i < conns; i++) {
      ManagedChannel ch =
          NettyChannelBuilder.forAddress(
                  InetAddress.getLoopbackAddress().getHostAddress(), server.getPort())
              .eventLoopGroup(clientGroup)
              .channelType(channelType)
              .overrideAuthority("localhost") // the certificates' SAN
              .directExecutor()
              .sslContext(context)
              .build();
      channels.add(ch);
      // connect and handshake before any clock starts
      EchoPeerGrpc.newBlockingStub(ClientInterceptors.intercept(ch, new SessionCapture()))
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .echo(record);
    }
  }

  @Override
  public List<Recorder> start() {
    List<Recorder> recorders = new ArrayList<>();
    for (ManagedChannel ch : channels) {
      Recorder recorder = new Recorder(60_000_000_000L, 3);
      recorders.add(recorder);
      EchoPeerGrpc.EchoPeerStub stub = EchoPeerGrpc.newStub(ch);
      if (stream) {
        new StreamLoop(stub, recorder).start();
      } else {
        UnaryLoop loop = new UnaryLoop(stub, recorder);
        for (int i = 0; i < window; i++) {
          loop.issue();
        }
      }
    }
    return recorders;
  }

  @Override
  public String wire() {
    return "transport="
        + (epoll ? "epoll" : "nio")
        + " tls="
        + tls
        + " tls_provider="
        + provider
        + " executor=direct";
  }

  @Override
  public void close() {
    stop();
    for (ManagedChannel ch : channels) {
      ch.shutdownNow();
    }
    try {
      for (ManagedChannel ch : channels) {
        ch.awaitTermination(2, TimeUnit.SECONDS);
      }
      if (server != null) {
        server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    clientGroup
        .shutdownGracefully(0, 1, TimeUnit.SECONDS)
        .awaitUninterruptibly(10, TimeUnit.SECONDS);
    serverWorkers
        .shutdownGracefully(0, 1, TimeUnit.SECONDS)
        .awaitUninterruptibly(10, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  /**
   * Reads the negotiated protocol and cipher suite from a call's transport, once its headers
   * arrived.
   */
  private final class SessionCapture implements ClientInterceptor {
    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(
        MethodDescriptor<Q, A> method, CallOptions options, io.grpc.Channel next) {
      ClientCall<Q, A> call = next.newCall(method, options);
      return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          super.start(
              new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onHeaders(Metadata answerHeaders) {
                  SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                  if (session != null) {
                    tls = session.getProtocol() + "/" + session.getCipherSuite();
                  }
                  super.onHeaders(answerHeaders);
                }
              },
              headers);
        }
      };
    }
  }

  /** The service: answers each record with itself. */
  private static final class Echo extends EchoPeerGrpc.EchoPeerImplBase {
    @Override
    public void echo(IdentityInfo request, StreamObserver<IdentityInfo> answer) {
      answer.onNext(request);
      answer.onCompleted();
    }

    @Override
    public StreamObserver<IdentityInfo> echoStream(StreamObserver<IdentityInfo> answers) {
      return new StreamObserver<>() {
        @Override
        public void onNext(IdentityInfo value) {
          answers.onNext(value);
        }

        @Override
        public void onError(Throwable t) {
          // the client went away: nothing to answer
        }

        @Override
        public void onCompleted() {
          answers.onCompleted();
        }
      };
    }
  }

  /** W unary calls in flight on one channel; each completion issues the next. */
  private final class UnaryLoop {
    private final EchoPeerGrpc.EchoPeerStub stub;
    private final Recorder recorder;

    UnaryLoop(EchoPeerGrpc.EchoPeerStub stub, Recorder recorder) {
      this.stub = stub;
      this.recorder = recorder;
    }

    void issue() {
      long t0 = System.nanoTime();
      stub.echo(
          record,
          new StreamObserver<>() {
            private IdentityInfo answer;

            @Override
            public void onNext(IdentityInfo value) {
              answer = value;
            }

            @Override
            public void onError(Throwable t) {
              failed();
            }

            @Override
            public void onCompleted() {
              answered(answer, System.nanoTime() - t0, recorder);
              if (!stopping()) {
                issue();
              }
            }
          });
    }
  }

  /** One bidirectional stream with W messages in flight; answers come back in order. */
  private final class StreamLoop {
    private final EchoPeerGrpc.EchoPeerStub stub;
    private final Recorder recorder;
    private final SendTimes sent = new SendTimes(window);
    private StreamObserver<IdentityInfo> requests;

    StreamLoop(EchoPeerGrpc.EchoPeerStub stub, Recorder recorder) {
      this.stub = stub;
      this.recorder = recorder;
    }

    void start() {
      // Answers may arrive on the event loop before this thread has sent the whole window.
      synchronized (this) {
        requests =
            stub.echoStream(
                new StreamObserver<>() {
                  @Override
                  public void onNext(IdentityInfo value) {
                    long nanos;
                    synchronized (StreamLoop.this) {
                      nanos = sent.answered(System.nanoTime());
                    }
                    answered(value, nanos, recorder);
                    if (!stopping()) {
                      send();
                    }
                  }

                  @Override
                  public void onError(Throwable t) {
                    failed();
                  }

                  @Override
                  public void onCompleted() {
                    // the server ends the stream only after the client did
                  }
                });
        for (int i = 0; i < window; i++) {
          send();
        }
      }
    }

    private synchronized void send() {
      sent.sent(System.nanoTime());
      requests.onNext(record);
    }
  }
}
