package jp.jukinet.node.provision;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreFixture;
import jp.jukinet.protocol.proto.ProvisionLogPage;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.provision.LogVerifier;

/** A node database with the provision and security logs' column families, and a seal key. */
final class LogFixture implements AutoCloseable {
  static final KeyPair KEYS = newKeys();
  final StoreFixture store = new StoreFixture();
  final AtomicLong millis = new AtomicLong(Instant.parse("2020-04-01T00:00:00Z").toEpochMilli());
  final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(millis.get());
        }
      };

  static List<String> columnFamilies() {
    List<String> cfs = new ArrayList<>(StoreFixture.allColumnFamilies());
    cfs.addAll(ProvisionLog.COLUMN_FAMILIES);
    cfs.addAll(SecurityLog.COLUMN_FAMILIES);
    return cfs;
  }

  NodeDatabase open(Path dir) {
    return NodeDatabase.open("national", dir, columnFamilies(), store.resources, store.completions);
  }

  ProvisionLog log(NodeDatabase db, int sealEvery) {
    return new ProvisionLog(
        db,
        KEYS.getPrivate(),
        clock,
        new ProvisionLog.Settings(sealEvery, java.time.Duration.ofHours(1)));
  }

  static ProvisionEvent event(String requester, long atMillis, String... persons) {
    return new ProvisionEvent(
        requester,
        "J01",
        ProvisionMethod.PROVISION_METHOD_IMMEDIATE,
        "req-" + atMillis,
        0,
        List.of(persons),
        atMillis);
  }

  static long stage(NodeDatabase db, ProvisionLog log, ProvisionEvent e) throws Exception {
    long[] seq = new long[1];
    db.commit(txn -> seq[0] = log.stage(txn, e)).get(10, TimeUnit.SECONDS);
    return seq[0];
  }

  /** Reads the whole log in pages of {@code limit} and verifies it. */
  static LogVerifier.Result verify(ProvisionLog log, int limit) {
    LogVerifier v = new LogVerifier(KEYS.getPublic());
    long after = 0;
    while (true) {
      ProvisionLogPage page = log.page(after, limit, 1 << 20);
      v.accept(page);
      if (page.getEntriesCount() > 0) {
        after = page.getEntries(page.getEntriesCount() - 1).getSequence();
      }
      if (!page.getMore()) {
        return v.finish();
      }
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    store.close();
  }
}
