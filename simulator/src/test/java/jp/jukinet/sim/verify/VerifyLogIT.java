package jp.jukinet.sim.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.provision.ProvisionEvent;
import jp.jukinet.node.provision.ProvisionLog;
import jp.jukinet.node.runtime.RegistryServer;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.node.store.StoreResources;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.ProvisionLogEntry;
import jp.jukinet.protocol.proto.ProvisionLogRequest;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.provision.LogChain;
import jp.jukinet.protocol.tls.NodeTls;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.network.LaunchSettings;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.status.StatusCollector;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.workload.NodeConnections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A national server process whose provision log is changed in its RocksDB store while it is
 * stopped, as someone with the disk but not the node's key would: {@code jukinet verify-log} passes
 * on the log as written and names the entry after one is altered, deleted or inserted.
 */
@Timeout(300)
class VerifyLogIT {
  private static final String TOPOLOGY = "synthetic:1x1";
  private static final PeerId NATIONAL = PeerId.national();
  private static final int ENTRIES = 40;

  @TempDir Path tmp;

  private record Run(int exitCode, String out, String err) {}

  private Run verifyLog(String... extra) {
    List<String> args = new ArrayList<>(List.of("verify-log", "--dir", tmp.toString()));
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        JukinetMain.commandLine(new PrintWriter(out), new PrintWriter(err))
            .execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** The stopped national server's store, opened by the test. */
  private interface StoreWork {
    void run(NodeDatabase db, ProvisionLog log) throws Exception;
  }

  private void withStore(RunDirectory dir, StoreWork work) throws Exception {
    NodeConfig config = NodeConfig.load(dir.configFile(NATIONAL));
    ExecutorService completions = Executors.newSingleThreadExecutor();
    try (StoreResources resources = StoreResources.create(16L << 20, 16L << 20)) {
      NodeDatabase db =
          NodeDatabase.open(
              NATIONAL.name(),
              config.dataDir(),
              RegistryServer.COLUMN_FAMILIES,
              resources,
              completions);
      try {
        ProvisionLog log =
            new ProvisionLog(
                db,
                ProvisionLog.nodeKey(config),
                java.time.Clock.systemUTC(),
                new ProvisionLog.Settings(8, Duration.ofHours(1)));
        work.run(db, log);
      } finally {
        db.close();
      }
    } finally {
      completions.shutdownNow();
    }
  }

  private static byte[] key(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  private static void put(NodeDatabase db, long seq, ProvisionLogEntry e) throws Exception {
    db.commit(txn -> txn.put(ProvisionLog.LOG_CF, key(seq), e.toByteArray()))
        .get(10, TimeUnit.SECONDS);
  }

  private void assertFailsAt(long seq) {
    Run run = verifyLog("--json");
    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.out() + run.err());
    JsonNode report = readJson(run.out());
    assertFalse(report.get("ok").asBoolean());
    assertEquals(seq, report.get("first_bad_sequence").asLong(), run.out());
    Run text = verifyLog();
    assertEquals(ExitCodes.FAILURE, text.exitCode());
    assertTrue(text.out().contains("FAILED at entry " + seq), text.out());
  }

  /** provision_log_request.limit 0 or above 10,000 is INVALID_REQUEST (§7.8). */
  private static void assertLimitIsChecked(RunDirectory dir, LocalNetwork net) throws Exception {
    NetworkState.Node node =
        net.state().nodes().stream().filter(n -> n.id().equals(NATIONAL)).findFirst().orElseThrow();
    try (TransportResources transport = TransportResources.create(1);
        NodeConnections monitor =
            NodeConnections.as(
                transport,
                TransportSettings.defaults(),
                NodeTls.load(dir.pkiDir(), StatusCollector.MONITOR))) {
      for (int limit : new int[] {0, 10_001}) {
        ExecutionException e =
            assertThrows(
                ExecutionException.class,
                () ->
                    monitor
                        .request(
                            NATIONAL,
                            new InetSocketAddress(node.host(), node.port()),
                            Envelope.newBuilder()
                                .setProvisionLogRequest(
                                    ProvisionLogRequest.newBuilder().setLimit(limit)),
                            Duration.ofSeconds(20))
                        .get(30, TimeUnit.SECONDS));
        RemoteErrorException refused = (RemoteErrorException) e.getCause();
        assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, refused.code());
        assertTrue(
            refused.getMessage().contains("provision_log_request.limit " + limit),
            refused.getMessage());
      }
    }
  }

  private static JsonNode readJson(String s) {
    try {
      return Json.MAPPER.readTree(s);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }

  @Test
  void verifyLogPassesUntouchedAndNamesTheEntryChangedInTheStore() throws Exception {
    RunDirectory dir = new RunDirectory(tmp);
    try (LocalNetwork net =
        LocalNetwork.start(
            Topologies.resolve(TOPOLOGY), Mode.PROCESS, dir, LaunchSettings.defaults(TOPOLOGY))) {
      assertTrue(net.awaitAllLinksUp(Duration.ofSeconds(120)).allLinksUp());
      Run empty = verifyLog();
      assertEquals(ExitCodes.OK, empty.exitCode(), empty.out() + empty.err());
      assertTrue(empty.out().contains("0 entries"), empty.out());

      assertLimitIsChecked(dir, net);

      net.stop(NATIONAL);
      List<ProvisionLogEntry> logged = new ArrayList<>();
      withStore(
          dir,
          (db, log) -> {
            for (int i = 1; i <= ENTRIES; i++) {
              ProvisionEvent e =
                  new ProvisionEvent(
                      "agency-A0" + (1 + i % 5),
                      "J0" + (1 + i % 3),
                      ProvisionMethod.PROVISION_METHOD_IMMEDIATE,
                      "req-" + i,
                      0,
                      List.of(String.format("%011d", i)),
                      1_600_000_000_000L + i);
              db.commit(txn -> log.stage(txn, e)).get(10, TimeUnit.SECONDS);
            }
            log.close(); // as the node does at a clean stop: everything sealed
            logged.addAll(log.page(0, 1000, 1 << 22).getEntriesList());
          });
      assertEquals(ENTRIES, logged.size());
      net.restart(NATIONAL);
      Run good = verifyLog("--json");
      assertEquals(ExitCodes.OK, good.exitCode(), good.out() + good.err());
      JsonNode report = readJson(good.out());
      assertEquals(ENTRIES, report.get("entries").asLong());
      assertEquals(ENTRIES, report.get("sealed_through").asLong());

      // Altered: another requester, hash left as it was.
      net.stop(NATIONAL);
      withStore(
          dir,
          (db, log) -> put(db, 7, logged.get(6).toBuilder().setRequester("agency-A30").build()));
      net.restart(NATIONAL);
      assertFailsAt(7);

      // Put back, then deleted.
      net.stop(NATIONAL);
      withStore(
          dir,
          (db, log) -> {
            put(db, 7, logged.get(6));
            db.commit(txn -> txn.delete(ProvisionLog.LOG_CF, key(12))).get(10, TimeUnit.SECONDS);
          });
      net.restart(NATIONAL);
      assertFailsAt(12);

      // Put back, then one inserted at 20 with the rest moved up and the chain recomputed.
      net.stop(NATIONAL);
      withStore(
          dir,
          (db, log) -> {
            put(db, 12, logged.get(11));
            List<ProvisionLogEntry> shifted = new ArrayList<>();
            shifted.add(logged.get(19).toBuilder().setRequester("agency-A31").build());
            shifted.addAll(logged.subList(19, ENTRIES));
            ByteString prev = logged.get(18).getEntryHash();
            long seq = 20;
            for (ProvisionLogEntry e : shifted) {
              ProvisionLogEntry unhashed = e.toBuilder().setSequence(seq).clearEntryHash().build();
              ByteString h = LogChain.entryHash(prev, unhashed);
              put(db, seq++, unhashed.toBuilder().setEntryHash(h).build());
              prev = h;
            }
          });
      net.restart(NATIONAL);
      assertFailsAt(20);
    }
  }
}
