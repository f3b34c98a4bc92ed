package jp.jukinet.protocol.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.proto.NodeStatusRequest;
import jp.jukinet.protocol.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that sends requests faster than the node answers them (docs/protocol.md §6.5): the node
 * stops reading its connection at the in-flight bound instead of queueing or refusing, so what it
 * holds stays bounded, and every request is answered once the node catches up.
 */
@Timeout(60)
class ReadBackpressureIT {
  static final PeerId NODE = PeerId.national();
  static final PeerId CLIENT = PeerId.prefecture("190004");
  static final int BOUND = 64;
  static final int REQUESTS = 20_000;

  @TempDir Path tmp;
  final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  @Test
  void aFastSenderIsReadNoFasterThanItIsAnsweredAndEveryRequestIsAnswered() throws Exception {
    TestPki pki = TestPki.create(tmp, NODE, CLIENT);
    TransportResources resources = TransportResources.create(2);
    cleanup.add(resources::close);
    ExecutorService worker = Executors.newSingleThreadExecutor();
    cleanup.add(worker::shutdownNow);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger handed = new AtomicInteger();
    AtomicInteger unanswered = new AtomicInteger();
    AtomicInteger mostUnanswered = new AtomicInteger();
    EnvelopeHandler slow =
        (c, env) -> {
          handed.incrementAndGet();
          mostUnanswered.accumulateAndGet(unanswered.incrementAndGet(), Math::max);
          worker.execute(
              () -> {
                try {
                  gate.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                unanswered.decrementAndGet();
                c.reply(env, Envelope.newBuilder().setNodeStatus(NodeStatus.getDefaultInstance()));
              });
        };
    ConnectionLimits limits =
        new ConnectionLimits(BOUND, 512 * 1024, 1024 * 1024, Duration.ofSeconds(30));
    NodeServer server =
        NodeServer.start(
            resources,
            pki.tls(NODE),
            NODE,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            slow,
            LinkListener.NONE,
            TransportSettings.defaults().withLimits(limits));
    cleanup.add(server);
    Connection client =
        TransportClient.connect(
                resources,
                pki.tls(CLIENT),
                CLIENT,
                NODE,
                server.localAddress(),
                (c, env) -> {},
                TransportSettings.defaults())
            .get(10, TimeUnit.SECONDS);
    cleanup.add(client::close);

    List<CompletableFuture<Envelope>> answers = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      answers.add(
          client.request(
              Envelope.newBuilder().setNodeStatusRequest(NodeStatusRequest.getDefaultInstance()),
              Duration.ofSeconds(50)));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> server.counters().readsPaused() > 0);
    assertEquals(BOUND, handed.get(), "nothing beyond the bound was handed to the node");

    gate.countDown();
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(50, TimeUnit.SECONDS);
    for (CompletableFuture<Envelope> a : answers) {
      assertTrue(a.join().hasNodeStatus());
    }
    assertEquals(REQUESTS, handed.get());
    assertTrue(mostUnanswered.get() <= BOUND, "held at most the bound: " + mostUnanswered.get());
    assertEquals(0, server.counters().requestsOverloaded(), "none refused");
    assertTrue(server.counters().readsPaused() > 1, "reading paused and resumed repeatedly");
  }
}
