package jp.jukinet.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void ownDatabasesShareAQuarterOfTheBudgetInTableFiles() {
    assertEquals(64, NodeRuntime.ownStores(11, 1_000_000).maxOpenFiles());
    assertEquals(25, NodeRuntime.ownStores(10, 1_000).maxOpenFiles());
    assertEquals(16L << 20, NodeRuntime.ownStores(11, 1_000_000).columnFamilyWriteBufferBytes());
  }

  @Test
  void tooManyOwnDatabasesForTheBudgetAreRefused() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> NodeRuntime.ownStores(1_789, 65_536));
    assertTrue(e.getMessage().contains("1789 databases 9 table files each"), e.getMessage());
  }
}
