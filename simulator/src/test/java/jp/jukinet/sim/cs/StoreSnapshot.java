package jp.jukinet.sim.cs;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.Outbox;
import jp.jukinet.node.store.RoutedMailbox;
import org.rocksdb.RocksIterator;

/** Every key and value of every column family of a CS database, for "nothing changed" assertions. */
final class StoreSnapshot {
  private StoreSnapshot() {}

  static Map<String, List<String>> of(CsStore store) {
    NodeDatabase db = store.database();
    List<String> cfs = new ArrayList<>(IdentityRegistry.COLUMN_FAMILIES);
    cfs.add(Outbox.CF);
    cfs.add(RoutedMailbox.CF);
    cfs.addAll(List.of(CsStore.RESIDENT_CF, CsStore.OPLOG_CF, CsStore.META_CF));
    Map<String, List<String>> out = new TreeMap<>();
    HexFormat hex = HexFormat.of();
    for (String cf : cfs) {
      List<String> rows = new ArrayList<>();
      try (RocksIterator it = db.iterator(cf)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          rows.add(hex.formatHex(it.key()) + "=" + hex.formatHex(it.value()));
        }
      }
      out.put(cf, rows);
    }
    return out;
  }
}
