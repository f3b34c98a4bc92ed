package jp.jukinet.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FanoutTest {
  @Test
  void aSilentNodeCostsOneDeadlineAndIsNamedWhileTheOthersAnswer() throws Exception {
    long t0 = System.nanoTime();
    Map<String, Fanout.Outcome<String>> out =
        Fanout.ask(
            List.of("a", "silent", "b", "refusing"),
            key ->
                switch (key) {
                  case "silent" -> new CompletableFuture<>();
                  case "refusing" ->
                      CompletableFuture.failedFuture(new IOException("connection refused"));
                  default -> CompletableFuture.completedFuture(key + "!");
                },
            Deadline.in(Duration.ofMillis(300)),
            Fanout.WINDOW);
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
    assertEquals(List.of("a", "silent", "b", "refusing"), List.copyOf(out.keySet()));
    assertEquals("a!", out.get("a").value());
    assertEquals("b!", out.get("b").value());
    assertFalse(out.get("silent").answered());
    assertEquals("no answer within 300 ms", out.get("silent").error());
    assertEquals("connection refused", out.get("refusing").error());
  }

  @Test
  void silentNodesFillingTheWindowLeaveTheRestNotAskedByTheDeadline() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Map<Integer, Fanout.Outcome<Object>> out =
        Fanout.ask(
            List.of(1, 2, 3, 4),
            key -> {
              asked.incrementAndGet();
              return new CompletableFuture<>();
            },
            Deadline.in(Duration.ofMillis(200)),
            2);
    assertEquals(2, asked.get(), "at most the window in flight");
    assertEquals("no answer within 200 ms", out.get(1).error());
    assertTrue(out.get(4).error().startsWith("not asked within 200 ms"), out.get(4).error());
  }

  @Test
  void aThrowingQuestionIsAnUnansweredOne() throws Exception {
    Map<String, Fanout.Outcome<Object>> out =
        Fanout.ask(
            List.of("x"),
            key -> {
              throw new IllegalStateException("no port");
            },
            Deadline.in(Duration.ofSeconds(1)),
            1);
    assertEquals("no port", out.get("x").error());
  }
}
