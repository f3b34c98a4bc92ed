package jp.jukinet.national.batch;

/**
 * The bounds of a 一括提供 at the national server (docs/protocol.md §7.5).
 *
 * @param maxKeysPerFrame keys one {@code batch_keys} may carry
 * @param maxCredit chunks a requester may have granted and not yet used
 * @param maxKeyCount keys in one batch (38 million for 日本年金機構 fit with room)
 * @param pauseAt {@code batch_keys} of one connection read and not yet answered at which the server
 *     stops reading that connection until it has answered some
 */
public record BatchLimits(int maxKeysPerFrame, int maxCredit, long maxKeyCount, int pauseAt) {
  public static final int MAX_BATCH_ID_LENGTH = 64;

  public BatchLimits {
    if (maxKeysPerFrame < 1 || maxCredit < 1 || maxKeyCount < 1 || pauseAt < 1) {
      throw new IllegalArgumentException("batch limits must be positive");
    }
  }

  public static BatchLimits defaults() {
    return new BatchLimits(10_000, 64, 1_000_000_000L, 4);
  }
}
