package jp.jukinet.protocol.util;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What code that waits on or chains {@link java.util.concurrent.CompletableFuture}s shares. */
public final class Futures {
  private Futures() {}

  /**
   * The failure a future's wrappers ({@link CompletionException}, {@link ExecutionException}) stand
   * for: the first cause that is not one of them; {@code null} for {@code null}.
   */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
