package jp.jukinet.node.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RocksDB instance holding the databases of every node of an in-JVM host of a large network
 * (共有ストア): each node's keys carry its {@link KeyPrefix} in column families shared by name, so the
 * host holds one WAL, one MANIFEST and at most {@link StoreResources.Settings#maxOpenFiles} table
 * files however many nodes it runs, instead of RocksDB's floor of open files per node. A node's
 * transaction is still one {@code WriteBatch}, so it stays atomic.
 */
public final class SharedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SharedDatabase.class);

  private final Path dir;
  private final RocksDB rocks;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final Map<String, ColumnFamilyHandle> handles = new HashMap<>();
  private final Set<String> attached = new HashSet<>();
  private boolean closed;

  private SharedDatabase(
      Path dir,
      RocksDB rocks,
      DBOptions dbOptions,
      ColumnFamilyOptions cfOptions,
      Map<String, ColumnFamilyHandle> handles) {
    this.dir = dir;
    this.rocks = rocks;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.handles.putAll(handles);
  }

  /** Opens (or creates) the shared instance in {@code dir} with every column family it has. */
  static SharedDatabase open(Path dir, StoreResources resources) {
    DBOptions dbOptions = resources.newDbOptions();
    ColumnFamilyOptions cfOptions = resources.newColumnFamilyOptions();
    try {
      Files.createDirectories(dir);
      List<String> names = new ArrayList<>(NodeDatabase.existingColumnFamilies(dir));
      NodeDatabase.refuseOlderLayout("store", dir, names);
      if (!names.contains("default")) {
        names.add(0, "default");
      }
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : names) {
        descriptors.add(
            new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
      }
      List<ColumnFamilyHandle> list = new ArrayList<>();
      RocksDB rocks = RocksDB.open(dbOptions, dir.toString(), descriptors, list);
      Map<String, ColumnFamilyHandle> handles = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        handles.put(names.get(i), list.get(i));
      }
      LOG.info(
          "store: opened the shared database {} (column families {}, at most {} table files open)",
          dir,
          names,
          resources.settings().maxOpenFiles());
      return new SharedDatabase(dir, rocks, dbOptions, cfOptions, handles);
    } catch (RocksDBException | IOException | StoreException e) {
      cfOptions.close();
      dbOptions.close();
      throw e instanceof StoreException se
          ? se
          : new StoreException(
              "store: cannot open the shared database " + dir + ": " + e.getMessage(), e);
    }
  }

  Path directory() {
    return dir;
  }

  RocksDB rocks() {
    return rocks;
  }

  /**
   * Registers {@code nodeName} as a user and returns the handles of {@code columnFamilies} (created
   * when missing). Two nodes of one name would share their data, so the second is refused.
   */
  synchronized Map<String, ColumnFamilyHandle> attach(String nodeName, Set<String> columnFamilies) {
    if (closed) {
      throw new StoreException(nodeName + ": the shared database " + dir + " is closed");
    }
    if (attached.contains(nodeName)) {
      throw new StoreException(
          nodeName + ": the shared database " + dir + " is already open for a node of that name");
    }
    Map<String, ColumnFamilyHandle> out = new HashMap<>();
    for (String name : columnFamilies) {
      ColumnFamilyHandle h = handles.get(name);
      if (h == null) {
        try {
          h =
              rocks.createColumnFamily(
                  new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
        } catch (RocksDBException e) {
          throw new StoreException(
              nodeName
                  + ": cannot create column family "
                  + name
                  + " in the shared database "
                  + dir
                  + ": "
                  + e.getMessage(),
              e);
        }
        handles.put(name, h);
      }
      out.put(name, h);
    }
    attached.add(nodeName);
    return out;
  }

  synchronized void detach(String nodeName) {
    attached.remove(nodeName);
  }

  /** Closes the instance; every node detached before (a node still attached is warned about). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!attached.isEmpty()) {
      LOG.warn(
          "store: closing the shared database {} while {} node(s) still use it",
          dir,
          attached.size());
    }
    handles.values().forEach(ColumnFamilyHandle::close);
    try {
      rocks.closeE();
    } catch (RocksDBException e) {
      LOG.warn("store: closing the shared database {} failed: {}", dir, e.getMessage());
    }
    cfOptions.close();
    dbOptions.close();
  }
}
