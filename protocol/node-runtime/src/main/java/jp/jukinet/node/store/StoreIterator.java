package jp.jukinet.node.store;

import java.util.Arrays;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * An iterator over one column family of one node's {@link NodeDatabase}: it sees that node's keys
 * only, and without the key prefix they carry when the node shares its RocksDB instance with others
 * ({@link SharedDatabase}). The caller closes it.
 */
public final class StoreIterator implements AutoCloseable {
  private final RocksIterator it;
  private final ReadOptions options;
  private final Slice upper;
  private final byte[] prefix;
  // Set by seekForPrev: moving backwards can leave this node's range, below its prefix.
  private boolean backward;

  StoreIterator(NodeDatabase db, String cf) {
    this.prefix = db.keyPrefix();
    this.options = new ReadOptions();
    if (prefix.length > 0) {
      this.upper = new Slice(KeyPrefix.upperBound(prefix));
      options.setIterateUpperBound(upper);
    } else {
      this.upper = null;
    }
    this.it = db.rocks().newIterator(db.cf(cf), options);
  }

  public void seekToFirst() {
    backward = false;
    if (prefix.length == 0) {
      it.seekToFirst();
    } else {
      it.seek(prefix);
    }
  }

  /** Positions at the first key at or after {@code target}. */
  public void seek(byte[] target) {
    backward = false;
    it.seek(KeyPrefix.prefixed(prefix, target));
  }

  /** Positions at the last key at or before {@code target} (e.g. a log's last entry). */
  public void seekForPrev(byte[] target) {
    backward = true;
    it.seekForPrev(KeyPrefix.prefixed(prefix, target));
  }

  public boolean isValid() {
    if (!it.isValid()) {
      return false;
    }
    if (!backward || prefix.length == 0) {
      return true;
    }
    byte[] k = it.key();
    return k.length >= prefix.length
        && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length);
  }

  public void next() {
    it.next();
  }

  /** The current key, without the node's prefix. */
  public byte[] key() {
    byte[] k = it.key();
    return prefix.length == 0 ? k : Arrays.copyOfRange(k, prefix.length, k.length);
  }

  public byte[] value() {
    return it.value();
  }

  @Override
  public void close() {
    it.close();
    options.close();
    if (upper != null) {
      upper.close();
    }
  }
}
