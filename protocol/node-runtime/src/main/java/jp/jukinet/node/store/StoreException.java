package jp.jukinet.node.store;

/** A storage operation failed (RocksDB error, unreadable record). */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
