package jp.jukinet.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SharedDatabaseTest {
  @TempDir Path tmp;
  private final ExecutorService completions = Executors.newFixedThreadPool(2);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    completions.shutdownNow();
  }

  private StoreResources shared() {
    StoreResources r =
        StoreResources.createShared(
            StoreResources.Settings.of(16L << 20, 16L << 20), tmp.resolve("store"));
    open.add(r);
    return r;
  }

  private NodeDatabase open(StoreResources resources, String node) {
    NodeDatabase db =
        NodeDatabase.open(node, tmp.resolve(node), List.of("data"), resources, completions);
    open.add(db);
    return db;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> keys(NodeDatabase db) {
    List<String> out = new ArrayList<>();
    try (StoreIterator it = db.iterator("data")) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(new String(it.key(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test
  void nodesSharingTheInstanceSeeOnlyTheirOwnKeys() throws Exception {
    StoreResources resources = shared();
    // "cs-1" is a prefix of "cs-10" as a string; their key ranges must still not overlap.
    NodeDatabase a = open(resources, "cs-1");
    NodeDatabase b = open(resources, "cs-10");
    a.commit(
            txn -> {
              txn.put("data", b("k1"), b("a1"));
              txn.put("data", b("k2"), b("a2"));
            })
        .get(10, TimeUnit.SECONDS);
    b.commit(txn -> txn.put("data", b("k1"), b("b1"))).get(10, TimeUnit.SECONDS);

    assertArrayEquals(b("a1"), a.get("data", b("k1")));
    assertArrayEquals(b("b1"), b.get("data", b("k1")));
    assertNull(b.get("data", b("k2")));
    assertEquals(List.of("k1", "k2"), keys(a));
    assertEquals(List.of("k1"), keys(b));
    List<byte[]> got = a.multiGet("data", List.of(b("k2"), b("k3")));
    assertArrayEquals(b("a2"), got.get(0));
    assertNull(got.get(1));
    try (StoreIterator it = b.iterator("data")) {
      it.seek(b("k2"));
      assertTrue(!it.isValid(), "cs-10's iterator ends at its own range");
    }

    a.commit(txn -> txn.delete("data", b("k1"))).get(10, TimeUnit.SECONDS);
    assertArrayEquals(
        b("b1"), b.get("data", b("k1")), "a delete by one node leaves the other's key");
  }

  @Test
  void eachNodesDataSurvivesAHostRestart() throws Exception {
    StoreResources first =
        StoreResources.createShared(
            StoreResources.Settings.of(16L << 20, 16L << 20), tmp.resolve("store"));
    try (NodeDatabase a =
        NodeDatabase.open("cs-1", tmp.resolve("cs-1"), List.of("data"), first, completions)) {
      a.commit(txn -> txn.put("data", b("k"), b("v"))).get(10, TimeUnit.SECONDS);
    }
    first.close();

    StoreResources again = shared();
    assertArrayEquals(b("v"), open(again, "cs-1").get("data", b("k")));
    assertNull(open(again, "cs-2").get("data", b("k")));
  }

  @Test
  void twoNodesOfOneNameAreRefused() {
    StoreResources resources = shared();
    open(resources, "cs-1");
    StoreException e = assertThrows(StoreException.class, () -> open(resources, "cs-1"));
    assertTrue(e.getMessage().contains("already open"), e.getMessage());
  }

  @Test
  void aDatabaseOfTheNodesOwnIsRefusedRatherThanHidden() throws Exception {
    try (StoreResources own = StoreResources.create(16L << 20, 16L << 20);
        NodeDatabase db =
            NodeDatabase.open("cs-1", tmp.resolve("cs-1"), List.of("data"), own, completions)) {
      db.commit(txn -> txn.put("data", b("k"), b("v"))).get(10, TimeUnit.SECONDS);
    }
    StoreResources resources = shared();
    StoreException e = assertThrows(StoreException.class, () -> open(resources, "cs-1"));
    assertTrue(
        e.getMessage().startsWith("cs-1: ")
            && e.getMessage().contains("database of the node's own"),
        e.getMessage());
  }

  @Test
  void descriptorsDoNotGrowWithTheNumberOfNodes() throws Exception {
    StoreResources resources = shared();
    open(resources, "cs-0")
        .commit(txn -> txn.put("data", b("k"), b("v")))
        .get(10, TimeUnit.SECONDS);
    long before = openDescriptors();
    for (int i = 1; i <= 60; i++) {
      open(resources, "cs-" + i)
          .commit(txn -> txn.put("data", b("k"), b("v")))
          .get(10, TimeUnit.SECONDS);
    }
    long grown = openDescriptors() - before;
    // A database each would hold at least a WAL, a LOCK, a MANIFEST and a directory per node.
    assertTrue(grown < 10, "60 more nodes opened " + grown + " more descriptors");
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
