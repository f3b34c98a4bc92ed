package jp.jukinet.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.replication.LoopbackConnection;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.proto.NodeStatusRequest;
import jp.jukinet.protocol.transport.LinkListener;
import jp.jukinet.protocol.transport.RemoteErrorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Offloaded handling that throws, even an Error, is answered, and the executor keeps serving. */
@Timeout(30)
class DispatcherTest {
  static final PeerId SELF = PeerId.prefecture("190004");
  static final PeerId PEER = PeerId.cs("192015");

  @Test
  void anErrorInOffloadedWorkIsAnsweredInternalAndTheExecutorSurvives() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Dispatcher dispatcher =
          new Dispatcher(
              new NodeKind("pref-server", "prefecture", NodeRole.NODE_ROLE_PREFECTURE),
              SELF,
              executor);
      boolean[] fail = {true};
      LoopbackConnection[] ends =
          LoopbackConnection.pair(
              SELF,
              (c, env) ->
                  dispatcher.offload(
                      c,
                      env,
                      (c2, e2) -> {
                        if (fail[0]) {
                          fail[0] = false;
                          throw new AssertionError("a bug");
                        }
                        c2.reply(
                            e2,
                            Envelope.newBuilder().setNodeStatus(NodeStatus.getDefaultInstance()));
                      }),
              LinkListener.NONE,
              PEER,
              (c, env) -> {});
      LoopbackConnection peer = ends[1];
      Envelope.Builder request =
          Envelope.newBuilder().setNodeStatusRequest(NodeStatusRequest.getDefaultInstance());

      ExecutionException failed =
          assertThrows(
              ExecutionException.class,
              () ->
                  peer.request(request.clone(), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS));
      assertEquals(
          ErrorCode.ERROR_CODE_INTERNAL,
          assertInstanceOf(RemoteErrorException.class, failed.getCause()).code());
      assertTrue(
          peer.request(request.clone(), Duration.ofSeconds(10))
              .get(10, TimeUnit.SECONDS)
              .hasNodeStatus(),
          "the executor still runs work");
    } finally {
      executor.shutdownNow();
    }
  }
}
