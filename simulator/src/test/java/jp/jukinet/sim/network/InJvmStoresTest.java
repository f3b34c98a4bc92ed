package jp.jukinet.sim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jp.jukinet.node.runtime.NodeRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InJvmStoresTest {
  @TempDir Path tmp;

  @Test
  void aSmallNetworkGetsADatabasePerNode() {
    InJvmStores s = InJvmStores.choose(new RunDirectory(tmp), 29, 500_000);
    assertFalse(s.shared());
    assertEquals(NodeRuntime.ownStores(29, 500_000), s.settings());
  }

  @Test
  void aLargeNetworkSharesOneDatabase() {
    RunDirectory dir = new RunDirectory(tmp);
    InJvmStores s = InJvmStores.choose(dir, InJvmStores.OWN_DATABASES_UP_TO + 1, 500_000);
    assertTrue(s.shared());
    assertEquals(dir.sharedStoreDir(), s.sharedDirectory());
    assertEquals(NodeRuntime.sharedStore(500_000), s.settings());
  }

  @Test
  void aBudgetTooSmallForADatabaseEachSharesOne() {
    assertTrue(InJvmStores.choose(new RunDirectory(tmp), 11, 1_000).shared());
  }

  @Test
  void aRunDirectoryWithASharedDatabaseKeepsIt() throws Exception {
    RunDirectory dir = new RunDirectory(tmp);
    Files.createDirectories(dir.sharedStoreDir());
    assertTrue(InJvmStores.choose(dir, 4, 500_000).shared());
  }
}
