package jp.jukinet.sim.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.media.MediaException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.BatchKeys;
import jp.jukinet.protocol.proto.BatchProvisionChunk;
import jp.jukinet.protocol.proto.BatchProvisionRequest;
import jp.jukinet.protocol.proto.BatchResult;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.MediaDestroyRequest;
import jp.jukinet.protocol.proto.MediaRecord;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.proto.ReportRequest;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.testing.PeerClient;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.workload.BatchClient;
import jp.jukinet.sim.workload.BatchException;
import jp.jukinet.sim.workload.MediaFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 一括提供 end to end on a real network (one JVM, real sockets, TLS and RocksDB): 日本年金機構 (agency A20,
 * 事務 J39) streams batches to the national server. A batch cut mid-stream and resumed hands each
 * record to the agency exactly once; malformed keys are answered per key; the server never sends
 * more chunks than the credit granted; refusals are definite and name what was wrong; media chunks
 * open only with the receiving agency's key.
 */
@Timeout(300)
class BatchProvisionIT {
  static final PeerId AGENCY = new PeerId(NodeRole.NODE_ROLE_AGENCY, "A20");
  static final PeerId OTHER_AGENCY = new PeerId(NodeRole.NODE_ROLE_AGENCY, "A10");
  static final String JIMU = "J39";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path tmp;
  @RegisterExtension static final TestNetworks networks = new TestNetworks();
  private static LocalNetwork net;
  private static NodeRuntime runtime;
  private static List<IdentityInfo> residents;

  @BeforeAll
  static void start() throws Exception {
    net = networks.start(Topologies.resolve("synthetic:1x2"), Mode.IN_JVM, tmp);
    assertTrue(net.awaitAllLinksUp(TIMEOUT).allLinksUp());
    runtime = NodeRuntime.create(2, 2);
    residents = BatchResidents.born(net, runtime, 1_000);
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void aBatchCutMidStreamAndResumedReturnsEachRecordOnce() throws Exception {
    long count = 100_000;
    String batch = "cut-resume";
    List<BatchResult> out = new ArrayList<>();
    Connection first = agency(AGENCY);
    BatchException cut =
        assertThrows(
            BatchException.class,
            () ->
                new BatchClient(
                        first,
                        options(batch, count, 0, ProvisionMethod.PROVISION_METHOD_BATCH_LINE))
                    .run(
                        keys(0),
                        (chunk, n) -> {
                          out.addAll(chunk.getResultsList());
                          if (out.size() >= count / 2) {
                            first.close(); // the line drops mid-stream
                          }
                        }));
    long resumeFrom = cut.resumeFrom();
    assertEquals(out.size(), resumeFrom);
    assertTrue(resumeFrom >= count / 2 && resumeFrom < count, "cut at " + resumeFrom);

    Connection second = agency(AGENCY);
    try {
      BatchClient.Summary s =
          new BatchClient(
                  second,
                  options(batch, count, resumeFrom, ProvisionMethod.PROVISION_METHOD_BATCH_LINE))
              .run(keys(resumeFrom), (chunk, n) -> out.addAll(chunk.getResultsList()));
      assertEquals(count - resumeFrom, s.records());
      assertTrue(s.chunks() <= s.creditGranted(), s.toString());
    } finally {
      second.close();
    }
    assertEquals(count, out.size());
    for (int i = 0; i < count; i++) {
      assertExpected(i, out.get(i));
    }
    ProvisionLogCheck.assertBatchLoggedOnce(net, runtime, AGENCY, batch, out);
  }

  @Test
  void malformedKeysAreAnsweredPerKey() throws Exception {
    List<ProvisionKey> keys =
        List.of(
            code(residents.get(0).getJuminhyoCode()),
            ProvisionKey.newBuilder().setJuminhyoCode("12AB").build(),
            ProvisionKey.newBuilder().setJuminhyoCode("").build(),
            ProvisionKey.newBuilder()
                .setFourItems(FourItems.newBuilder().setName("山梨 太郎").setBirthDate("not-a-date"))
                .build(),
            code(residents.get(1).getJuminhyoCode()));
    List<BatchResult> out = new ArrayList<>();
    Connection c = agency(AGENCY);
    try {
      new BatchClient(
              c, options("malformed", keys.size(), 0, ProvisionMethod.PROVISION_METHOD_BATCH_LINE))
          .run(keys.iterator(), (chunk, n) -> out.addAll(chunk.getResultsList()));
    } finally {
      c.close();
    }
    assertEquals(5, out.size());
    assertEquals(residents.get(0), out.get(0).getMatches(0));
    for (int i = 1; i <= 3; i++) {
      assertFalse(out.get(i).getInvalidKey().isEmpty(), "key " + i + " flagged: " + out.get(i));
      assertEquals(0, out.get(i).getMatchesCount());
    }
    assertEquals(residents.get(1), out.get(4).getMatches(0));
  }

  @Test
  void theServerNeverSendsMoreChunksThanTheCreditGranted() throws Exception {
    Connection c = agency(AGENCY);
    try {
      // Two chunks of credit; the third batch_keys comes without any and is refused, not answered
      // as a chunk.
      open(c, "credit", 30, 0, 2, ProvisionMethod.PROVISION_METHOD_BATCH_LINE);
      var a = c.request(keysFrame("credit", 0, 10), TIMEOUT);
      var b = c.request(keysFrame("credit", 10, 10), TIMEOUT);
      RemoteErrorException third = refused(c.request(keysFrame("credit", 20, 10), TIMEOUT));
      assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, third.code());
      assertTrue(third.getMessage().contains("without credit"), third.getMessage());
      assertEquals(0, a.get(30, TimeUnit.SECONDS).getBatchProvisionChunk().getFirstIndex());
      assertEquals(10, b.get(30, TimeUnit.SECONDS).getBatchProvisionChunk().getFirstIndex());
    } finally {
      c.close();
    }
    // And a whole batch through the client: chunks received never exceed credit granted.
    Connection d = agency(AGENCY);
    try {
      BatchClient.Summary s =
          new BatchClient(
                  d,
                  new BatchClient.Options(
                      "credit-run",
                      JIMU,
                      ProvisionMethod.PROVISION_METHOD_BATCH_LINE,
                      20_000,
                      0,
                      500,
                      3,
                      TIMEOUT))
              .run(keys(0), (chunk, n) -> {});
      assertEquals(40, s.chunks());
      assertTrue(s.chunks() <= s.creditGranted());
      assertTrue(s.maxChunksAhead() <= 3, s.toString());
    } finally {
      d.close();
    }
  }

  @Test
  void refusalsAreDefiniteAndNameWhatWasWrong() throws Exception {
    Connection c = agency(AGENCY);
    try {
      RemoteErrorException unknown =
          refused(
              openFuture(c, "never-opened", 10, 5, 1, ProvisionMethod.PROVISION_METHOD_BATCH_LINE));
      assertEquals(ErrorCode.ERROR_CODE_NOT_FOUND, unknown.code());
      assertTrue(unknown.getMessage().contains("unknown batch never-opened"), unknown.getMessage());

      RemoteErrorException purpose =
          refused(
              c.request(
                  Envelope.newBuilder()
                      .setBatchProvisionRequest(
                          BatchProvisionRequest.newBuilder()
                              .setBatchId("forbidden")
                              .setJimuCode("J99")
                              .setMethod(ProvisionMethod.PROVISION_METHOD_BATCH_LINE)
                              .setKeyCount(10)
                              .setInitialCredit(1)),
                  TIMEOUT));
      assertEquals(ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED, purpose.code());
      assertRefusalLogged("J99");

      open(c, "errors", 100, 0, 4, ProvisionMethod.PROVISION_METHOD_BATCH_LINE);
      RemoteErrorException order = refused(c.request(keysFrame("errors", 5, 5), TIMEOUT));
      assertTrue(order.getMessage().contains("not the next index 0"), order.getMessage());
      c.request(keysFrame("errors", 0, 50), TIMEOUT).get(30, TimeUnit.SECONDS);
    } finally {
      c.close();
    }
    Connection d = agency(AGENCY);
    try {
      RemoteErrorException other事務 =
          refused(
              d.request(
                  Envelope.newBuilder()
                      .setBatchProvisionRequest(
                          BatchProvisionRequest.newBuilder()
                              .setBatchId("errors")
                              .setJimuCode("J40")
                              .setMethod(ProvisionMethod.PROVISION_METHOD_BATCH_LINE)
                              .setKeyCount(100)
                              .setInitialCredit(1)),
                  TIMEOUT));
      assertEquals(ErrorCode.ERROR_CODE_CONFLICT, other事務.code());
      assertTrue(other事務.getMessage().contains("事務 J39"), other事務.getMessage());
      RemoteErrorException beyond =
          refused(openFuture(d, "errors", 100, 60, 1, ProvisionMethod.PROVISION_METHOD_BATCH_LINE));
      assertEquals(ErrorCode.ERROR_CODE_CONFLICT, beyond.code());
      assertTrue(beyond.getMessage().contains("only indexes below 50"), beyond.getMessage());
    } finally {
      d.close();
    }
  }

  @Test
  void mediaOpensOnlyWithTheReceivingAgencysKey() throws Exception {
    int count = 3_000;
    List<BatchProvisionChunk> media = new ArrayList<>();
    Connection c = agency(AGENCY);
    try {
      new BatchClient(c, options("media-1", count, 0, ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA))
          .run(keys(0), (chunk, n) -> media.add(chunk));
      MediaFile.AgencyKey mine = MediaFile.AgencyKey.load(net.directory().pkiDir(), AGENCY);
      List<BatchResult> out = new ArrayList<>();
      for (BatchProvisionChunk chunk : media) {
        assertEquals(0, chunk.getResultsCount());
        out.addAll(MediaFile.open(chunk, mine).getResultsList());
      }
      assertEquals(count, out.size());
      for (int i = 0; i < count; i++) {
        assertExpected(i, out.get(i));
      }
      MediaFile.AgencyKey other = MediaFile.AgencyKey.load(net.directory().pkiDir(), OTHER_AGENCY);
      MediaException wrong =
          assertThrows(MediaException.class, () -> MediaFile.open(media.get(0), other));
      assertTrue(wrong.getMessage().contains("not enveloped for"), wrong.getMessage());

      Envelope destroyed =
          c.request(
                  Envelope.newBuilder()
                      .setMediaDestroyRequest(
                          MediaDestroyRequest.newBuilder()
                              .setBatchId("media-1")
                              .setDestroyedOn("2026-11-30")),
                  TIMEOUT)
              .get(30, TimeUnit.SECONDS);
      assertEquals("media-1", destroyed.getMediaDestroyResponse().getBatchId());
    } finally {
      c.close();
    }
    Connection monitor =
        PeerClient.connect(net, runtime, BatchResidents.MONITOR, PeerId.national());
    try {
      List<MediaRecord> records =
          monitor
              .request(
                  Envelope.newBuilder()
                      .setReportRequest(
                          ReportRequest.newBuilder()
                              .setKind(ReportKind.REPORT_KIND_MEDIA)
                              .setLimit(100)),
                  TIMEOUT)
              .get(30, TimeUnit.SECONDS)
              .getReportResponse()
              .getMediaList();
      MediaRecord r =
          records.stream().filter(m -> m.getBatchId().equals("media-1")).findFirst().orElseThrow();
      assertEquals(AGENCY.name(), r.getRequester());
      assertEquals(count, r.getRecords());
      assertEquals("2026-11-30", r.getDestroyedOn());
    } finally {
      monitor.close();
    }
  }

  // ---- helpers ----

  /** The security log (REPORT_KIND_REFUSALS, read as the monitor) holds the batch's refusal. */
  private static void assertRefusalLogged(String jimu) throws Exception {
    Connection monitor =
        PeerClient.connect(net, runtime, BatchResidents.MONITOR, PeerId.national());
    try {
      List<jp.jukinet.protocol.proto.SecurityEvent> refusals =
          monitor
              .request(
                  Envelope.newBuilder()
                      .setReportRequest(
                          ReportRequest.newBuilder()
                              .setKind(ReportKind.REPORT_KIND_REFUSALS)
                              .setLimit(1000)),
                  TIMEOUT)
              .get(30, TimeUnit.SECONDS)
              .getReportResponse()
              .getRefusalsList();
      assertTrue(
          refusals.stream()
              .anyMatch(
                  e ->
                      e.getPeer().equals(AGENCY.name())
                          && e.getBody().equals("batch_provision_request")
                          && e.getJimuCode().equals(jimu)
                          && e.getMethod() == ProvisionMethod.PROVISION_METHOD_BATCH_LINE),
          "security log: " + refusals);
    } finally {
      monitor.close();
    }
  }

  static Iterator<ProvisionKey> keys(long from) {
    return BatchResidents.keys(residents, from);
  }

  static ProvisionKey key(long i) {
    return BatchResidents.key(residents, i);
  }

  static void assertExpected(long i, BatchResult r) {
    BatchResidents.assertExpected(residents, i, r);
  }

  static ProvisionKey code(String code) {
    return ProvisionKey.newBuilder().setJuminhyoCode(code).build();
  }

  static BatchClient.Options options(String batch, long count, long from, ProvisionMethod method) {
    return new BatchClient.Options(batch, JIMU, method, count, from, 2_000, 8, TIMEOUT);
  }

  static Connection agency(PeerId who) throws Exception {
    return PeerClient.connect(net, runtime, who, PeerId.national());
  }

  private static java.util.concurrent.CompletableFuture<Envelope> openFuture(
      Connection c, String batch, long count, long from, int credit, ProvisionMethod method) {
    return c.request(
        Envelope.newBuilder()
            .setBatchProvisionRequest(
                BatchProvisionRequest.newBuilder()
                    .setBatchId(batch)
                    .setJimuCode(JIMU)
                    .setMethod(method)
                    .setKeyCount(count)
                    .setResumeFromIndex(from)
                    .setInitialCredit(credit)),
        TIMEOUT);
  }

  private static void open(
      Connection c, String batch, long count, long from, int credit, ProvisionMethod method)
      throws Exception {
    openFuture(c, batch, count, from, credit, method).get(30, TimeUnit.SECONDS);
  }

  private static Envelope.Builder keysFrame(String batch, long first, int n) {
    BatchKeys.Builder b = BatchKeys.newBuilder().setBatchId(batch).setFirstIndex(first);
    for (long i = first; i < first + n; i++) {
      b.addKeys(key(i));
    }
    return Envelope.newBuilder().setBatchKeys(b);
  }

  private static RemoteErrorException refused(java.util.concurrent.CompletableFuture<Envelope> f) {
    java.util.concurrent.ExecutionException e =
        assertThrows(
            java.util.concurrent.ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
    return assertInstanceOf(RemoteErrorException.class, e.getCause());
  }
}
