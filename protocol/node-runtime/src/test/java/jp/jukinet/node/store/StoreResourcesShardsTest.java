package jp.jukinet.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The block cache's shards stay large enough to hold a server's filter blocks (1.2 MB and growing).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StoreResourcesShardsTest {

  @Test
  void aNodeProcessCacheHasFewLargeShards() {
    // 16 MB of blocks plus 32 MB of memtables charged to it: two shards of 24 MB.
    int bits = StoreResources.shardBits((16L << 20) + (32L << 20));
    assertEquals(1, bits);
  }

  @Test
  void smallCachesAreOneShard() {
    assertEquals(0, StoreResources.shardBits(1L << 20));
    assertEquals(0, StoreResources.shardBits(StoreResources.MIN_SHARD_BYTES));
  }

  @Test
  void largeCachesStopAtSixtyFourShards() {
    assertEquals(6, StoreResources.shardBits(64L << 30));
  }

  @Test
  void everyShardHoldsAtLeastTheMinimum() {
    for (long capacity = 1L << 20; capacity <= (8L << 30); capacity += 7L << 20) {
      int bits = StoreResources.shardBits(capacity);
      assertTrue(
          bits == 0 || (capacity >> bits) >= StoreResources.MIN_SHARD_BYTES,
          capacity + " bytes in " + (1 << bits) + " shards");
    }
  }
}
