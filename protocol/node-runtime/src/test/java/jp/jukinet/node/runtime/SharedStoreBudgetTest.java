package jp.jukinet.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SharedStoreBudgetTest {
  @Test
  void aQuarterOfTheBudgetGoesToTableFiles() {
    assertEquals(150, NodeRuntime.sharedStore(600).maxOpenFiles());
    assertEquals(2_000, NodeRuntime.sharedStore(10_000).maxOpenFiles());
  }

  @Test
  void largeBudgetsAreCapped() {
    assertEquals(NodeRuntime.MAX_TABLE_FILES, NodeRuntime.sharedStore(1_000_000).maxOpenFiles());
  }

  @Test
  void everythingElseIsTheSharedBudget() {
    var s = NodeRuntime.sharedStore(10_000);
    assertEquals(NodeRuntime.SHARED_STORE.cacheBytes(), s.cacheBytes());
    assertEquals(NodeRuntime.SHARED_STORE.writeBufferBytes(), s.writeBufferBytes());
  }

  @Test
  void aBudgetBelowRocksDbsFloorIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> NodeRuntime.sharedStore(79));
  }
}
