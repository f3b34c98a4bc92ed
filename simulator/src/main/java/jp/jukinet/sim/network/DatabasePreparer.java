package jp.jukinet.sim.network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.national.NationalServer;
import jp.jukinet.pref.PrefServer;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.Outbox;
import jp.jukinet.node.store.RoutedMailbox;

/**
 * Creates a node's empty database once, before the node first opens it (in-JVM mode).
 *
 * <p>Why: when RocksDB creates missing column families at open, it keeps one open directory
 * handle per created column family (about ten per node); a database reopened with existing
 * column families shares one. With 1,789 nodes in one JVM that difference (~14,000 file
 * descriptors) decides whether {@code japan} fits the process's open-file limit.
 */
final class DatabasePreparer {
  private DatabasePreparer() {}

  /** Creates {@code dataDir} with the node's column families and closes it, if it does not exist yet. */
  static void prepare(PeerId node, Path dataDir, NodeRuntime runtime) {
    if (Files.exists(dataDir)) {
      return;
    }
    try (NodeDatabase db = NodeDatabase.open(node.name(), dataDir, columnFamilies(node), runtime.store(),
        runtime.blockingExecutor())) {
      // created: closing releases the per-column-family directory handles
    }
  }

  static List<String> columnFamilies(PeerId node) {
    return switch (node.role()) {
      case NODE_ROLE_NATIONAL -> NationalServer.COLUMN_FAMILIES;
      case NODE_ROLE_PREFECTURE -> PrefServer.COLUMN_FAMILIES;
      case NODE_ROLE_CS -> {
        List<String> cfs = new ArrayList<>(IdentityRegistry.COLUMN_FAMILIES);
        cfs.addAll(Outbox.COLUMN_FAMILIES);
        cfs.addAll(RoutedMailbox.COLUMN_FAMILIES);
        cfs.addAll(List.of(CsStore.RESIDENT_CF, CsStore.OPLOG_CF, CsStore.META_CF));
        yield cfs;
      }
      default -> throw new IllegalArgumentException(node + " is not a node with a database");
    };
  }
}
