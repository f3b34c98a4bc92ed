package jp.jukinet.sim.cs;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.jukinet.cs.store.CsStore;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreIterator;

/**
 * Every key and value of every column family of a CS database, for "nothing changed" assertions.
 */
final class StoreSnapshot {
  private StoreSnapshot() {}

  static Map<String, List<String>> of(CsStore store) {
    NodeDatabase db = store.database();
    Map<String, List<String>> out = new TreeMap<>();
    HexFormat hex = HexFormat.of();
    for (String cf : CsStore.COLUMN_FAMILIES) {
      List<String> rows = new ArrayList<>();
      try (StoreIterator it = db.iterator(cf)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          rows.add(hex.formatHex(it.key()) + "=" + hex.formatHex(it.value()));
        }
      }
      out.put(cf, rows);
    }
    return out;
  }
}
