package jp.jukinet.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SharedStoreBudgetTest {
  @Test
  void smallNetworksKeepTheDefault() {
    assertEquals(NodeRuntime.SHARED_STORE.maxOpenFilesPerDb(), NodeRuntime.sharedStore(29, 20_000).maxOpenFilesPerDb());
  }

  @Test
  void japanGetsHalfTheDescriptorLimitSpreadOverItsStores() {
    // 1,789 stores, 40,000 descriptors: 20,000 / 1,789 = 11 → RocksDB's floor of 20.
    assertEquals(20, NodeRuntime.sharedStore(1_789, 40_000).maxOpenFilesPerDb());
    // 200 stores, 20,000 descriptors: 10,000 / 200 = 50.
    assertEquals(50, NodeRuntime.sharedStore(200, 20_000).maxOpenFilesPerDb());
  }

  @Test
  void everythingElseIsTheSharedBudget() {
    var s = NodeRuntime.sharedStore(1_789, 20_000);
    assertEquals(NodeRuntime.SHARED_STORE.cacheBytes(), s.cacheBytes());
    assertEquals(NodeRuntime.SHARED_STORE.writeBufferBytes(), s.writeBufferBytes());
  }

  @Test
  void noNodesIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> NodeRuntime.sharedStore(0, 20_000));
  }
}
