package jp.jukinet.protocol.util;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FuturesTest {
  @Test
  void unwrapsNestedWrappersToTheCause() {
    TimeoutException cause = new TimeoutException("late");
    assertSame(cause, Futures.unwrap(new ExecutionException(new CompletionException(cause))));
  }

  @Test
  void keepsAWrapperWithoutCauseAndAnythingElse() {
    CompletionException bare = new CompletionException("no cause", null);
    IllegalStateException other = new IllegalStateException("x", new RuntimeException());
    assertSame(bare, Futures.unwrap(bare));
    assertSame(other, Futures.unwrap(other));
    assertNull(Futures.unwrap(null));
  }
}
