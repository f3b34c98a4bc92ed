package jp.jukinet.sim.provision;

import static jp.jukinet.sim.provision.ProvisionNetwork.WAIT;
import static jp.jukinet.sim.provision.ProvisionNetwork.agency;
import static jp.jukinet.sim.provision.ProvisionNetwork.lookup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.jukinet.national.provision.AgencyPurposeCheck;
import jp.jukinet.national.provision.NationalProvision;
import jp.jukinet.protocol.pki.NetworkPki;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.DisclosureRequest;
import jp.jukinet.protocol.proto.DisclosureResponse;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.proto.ProvisionRecord;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.proto.ReportRequest;
import jp.jukinet.protocol.proto.ReportResponse;
import jp.jukinet.protocol.proto.SecurityEvent;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.protocol.transport.TransportCounters;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cs.Cli;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.workload.AgencyClient;
import jp.jukinet.sim.workload.ResidentRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 即時提供, its refusals and 開示 at a real national server (TLS, RocksDB) fed by a real CS: every key
 * kind found and not found and as of a date, a retired 住民票コード; each refusal class refused with its
 * rule, written to the security log, nothing provided, and the agency's allowed requests on the
 * same connection still answered; 開示 listing exactly the person's provisions, also after a code
 * change.
 */
@Timeout(300)
class SingleProvisionIT {
  static final PeerId PENSION = agency("A20"); // 日本年金機構
  static final PeerId MIC = agency("A03"); // 総務省
  static final PeerId MHLW = agency("A18"); // 厚生労働省
  static final PeerId UNKNOWN = agency("A99");
  static final PeerId REVOKED = agency("A31"); // 気象庁

  @TempDir static Path dir;
  @RegisterExtension static final TestNetworks networks = new TestNetworks();
  static ProvisionNetwork net;
  static Connection monitor;

  @BeforeAll
  static void start() throws Exception {
    net = new ProvisionNetwork(networks, dir.resolve("run"));
    monitor = net.connect(ProvisionNetwork.MONITOR);
  }

  @AfterAll
  static void stop() {
    monitor.close();
    net.close();
  }

  static SingleProvisionResponse answer(CompletableFuture<Envelope> f) throws Exception {
    return f.get(WAIT.toSeconds(), TimeUnit.SECONDS).getSingleProvisionResponse();
  }

  static RemoteErrorException refusal(CompletableFuture<Envelope> f) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    return assertInstanceOf(RemoteErrorException.class, e.getCause());
  }

  @Test
  void everyKeyKindIsFoundAndNotFoundAndAsOfADate() throws Exception {
    IdentityInfo p = net.born("甲斐 提供", "1970-01-02", Sex.SEX_FEMALE, "甲府市丸の内1-1", "2020-04-01");
    IdentityInfo twin = net.born("甲斐 提供", "1970-01-02", Sex.SEX_MALE, "甲府市中央2-2", "2020-04-01");
    Connection c = net.connect(PENSION);
    {
      SingleProvisionResponse byCode =
          answer(lookup(c, "J39", AgencyClient.byCode(p.getJuminhyoCode()), null));
      assertEquals(List.of(p.getJuminhyoCode()), codes(byCode));
      assertTrue(byCode.getLogSequence() > 0, "a provision is logged");
      SingleProvisionResponse byNumber =
          answer(lookup(c, "J39", AgencyClient.byNumber(p.getIndividualNumber()), null));
      assertEquals(List.of(p.getJuminhyoCode()), codes(byNumber));
      assertTrue(byNumber.getLogSequence() > byCode.getLogSequence());

      SingleProvisionResponse both =
          answer(
              lookup(c, "J42", AgencyClient.byFourItems("甲斐　提供", "1970-01-02", null, null), null));
      assertEquals(2, both.getMatchesCount(), "several matches are an answer, names normalised");
      SingleProvisionResponse bySex =
          answer(
              lookup(
                  c,
                  "J42",
                  AgencyClient.byFourItems("甲斐 提供", "1970-01-02", Sex.SEX_MALE, null),
                  null));
      assertEquals(List.of(twin.getJuminhyoCode()), codes(bySex));
      SingleProvisionResponse byAddress =
          answer(
              lookup(
                  c,
                  "J42",
                  AgencyClient.byFourItems("甲斐 提供", "1970-01-02", null, "甲府市丸の内1-1"),
                  null));
      assertEquals(List.of(p.getJuminhyoCode()), codes(byAddress));

      // Not found: an answer, nothing logged.
      for (ProvisionKey missing :
          List.of(
              AgencyClient.byCode(unusedCode(p.getJuminhyoCode())),
              AgencyClient.byNumber(unusedNumber(p.getIndividualNumber())),
              AgencyClient.byFourItems("誰 でもない", "1970-01-02", null, null))) {
        SingleProvisionResponse none = answer(lookup(c, "J39", missing, null));
        assertEquals(0, none.getMatchesCount(), missing.toString());
        assertEquals(0, none.getLogSequence());
      }

      // As of a date: before the birth's 異動年月日 there is no record; after a 転居, the old address.
      net.operate(
          ResidentRequests.moveWithin(p.getJuminhyoCode(), "甲府市相生3-3").setReasonDate("2022-06-01"));
      ProvisionKey key = AgencyClient.byCode(p.getJuminhyoCode());
      assertEquals(0, answer(lookup(c, "J39", key, "2020-03-31")).getMatchesCount());
      assertEquals(
          "甲府市丸の内1-1",
          answer(lookup(c, "J39", key, "2021-01-01")).getMatches(0).getFourItems().getAddress());
      assertEquals(
          "甲府市相生3-3",
          answer(lookup(c, "J39", key, null)).getMatches(0).getFourItems().getAddress());

      RemoteErrorException bad = refusal(lookup(c, "J39", AgencyClient.byCode("123"), null));
      assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, bad.code());
      assertTrue(bad.getMessage().contains("single_provision_request.key"), bad.getMessage());
      RemoteErrorException badDate = refusal(lookup(c, "J39", key, "yesterday"));
      assertTrue(badDate.getMessage().contains("as_of_date"), badDate.getMessage());
    }
  }

  @Test
  void aRetiredCodeAnswersThePersonUnderTheCodeThatReplacedIt() throws Exception {
    IdentityInfo before = net.born("甲斐 変更", "1980-03-03", Sex.SEX_MALE, "甲府市4", null);
    IdentityInfo after = net.operate(ResidentRequests.codeChange(before.getJuminhyoCode()));
    Connection c = net.connect(PENSION);
    {
      SingleProvisionResponse r =
          answer(lookup(c, "J39", AgencyClient.byCode(before.getJuminhyoCode()), null));
      assertEquals(List.of(after.getJuminhyoCode()), codes(r));
      assertEquals(after.getJuminhyoCode(), r.getReplacedByCode());
    }
  }

  @Test
  void eachRefusalClassIsRefusedLoggedChangesNothingAndTheConnectionServesOn() throws Exception {
    IdentityInfo p = net.born("甲斐 拒否", "1990-09-09", Sex.SEX_FEMALE, "甲府市5", null);
    ProvisionKey key = AgencyClient.byCode(p.getJuminhyoCode());
    long refusalsBefore = net.refusals(monitor).size();
    long provisionsBefore = provisionsOf(p);

    Connection mic = net.connect(MIC);
    Connection mhlw = net.connect(MHLW);
    Connection unknown = net.connect(UNKNOWN, unknownAgencyTls());
    {
      // 事務 not registered for this agency: J39 is 日本年金機構's.
      RemoteErrorException notRegistered = refusal(lookup(mic, "J39", key, null));
      assertPurpose(notRegistered, AgencyPurposeCheck.JIMU_NOT_REGISTERED, "agency-A03", "J39");
      assertEquals(1, answer(lookup(mic, "J03", key, null)).getMatchesCount(), "J03 is its own");

      // Method not allowed: J31 (労災) is media only.
      RemoteErrorException method = refusal(lookup(mhlw, "J31", key, null));
      assertPurpose(method, AgencyPurposeCheck.METHOD_NOT_ALLOWED, "agency-A18", "J31");
      assertEquals(1, answer(lookup(mhlw, "J34", key, null)).getMatchesCount());

      // Unknown agency: a certificate of the network's CA for an agency the registry lacks.
      RemoteErrorException stranger = refusal(lookup(unknown, "J39", key, null));
      assertPurpose(stranger, AgencyPurposeCheck.UNKNOWN_AGENCY, "agency-A99", "J39");
      assertTrue(unknown.isActive());

      // A non-agency role asking: NOT_PERMITTED before any purpose check.
      RemoteErrorException monitorAsks = refusal(lookup(monitor, "J39", key, null));
      assertEquals(ErrorCode.ERROR_CODE_NOT_PERMITTED, monitorAsks.code());
    }

    // A revoked agency certificate is refused at the handshake.
    NetworkPki pki = NetworkPki.open(net.net.directory().pkiDir());
    pki.revoke(REVOKED);
    assertThrows(Exception.class, () -> net.connect(REVOKED).close());

    // The handshake's refusal is written as the handshake fails, not before.
    await().atMost(WAIT).until(() -> net.refusals(monitor).size() >= refusalsBefore + 5);
    List<SecurityEvent> events = net.refusals(monitor);
    List<SecurityEvent> mine = events.subList((int) refusalsBefore, events.size());
    assertEquals(
        List.of(
            AgencyPurposeCheck.JIMU_NOT_REGISTERED,
            AgencyPurposeCheck.METHOD_NOT_ALLOWED,
            AgencyPurposeCheck.UNKNOWN_AGENCY,
            NationalProvision.NOT_PERMITTED,
            NationalProvision.CERTIFICATE_REFUSED),
        mine.stream().map(SecurityEvent::getRule).toList(),
        mine.toString());
    SecurityEvent first = mine.get(0);
    assertEquals("agency-A03", first.getPeer());
    assertTrue(first.getPeerSubject().contains("A03"), first.getPeerSubject());
    assertEquals("single_provision_request", first.getBody());
    assertEquals("J39", first.getJimuCode());
    assertEquals(ProvisionMethod.PROVISION_METHOD_IMMEDIATE, first.getMethod());
    assertTrue(first.getAtMillis() > 0);
    assertEquals("monitor-01", mine.get(3).getPeer());
    assertEquals("agency-A31", mine.get(4).getPeer());
    assertTrue(mine.get(4).getPeerSubject().contains("A31"), mine.get(4).getPeerSubject());

    assertEquals(
        provisionsBefore + 2, provisionsOf(p), "only the two allowed lookups provided anyone");
    assertTrue(
        net.national().status().getCountersOrThrow("refusals." + AgencyPurposeCheck.UNKNOWN_AGENCY)
            >= 1);
  }

  @Test
  void 開示ListsExactlyThePersonsProvisionsAlsoAfterACodeChange() throws Exception {
    IdentityInfo x = net.born("開示 太郎", "1960-06-06", Sex.SEX_MALE, "甲府市6", null);
    IdentityInfo y = net.born("開示 次郎", "1962-02-02", Sex.SEX_MALE, "甲府市6", null);
    Connection pension = net.connect(PENSION);
    Connection mic = net.connect(MIC);
    {
      answer(lookup(pension, "J39", AgencyClient.byCode(x.getJuminhyoCode()), null));
      answer(lookup(pension, "J42", AgencyClient.byNumber(x.getIndividualNumber()), null));
      answer(lookup(mic, "J03", AgencyClient.byCode(x.getJuminhyoCode()), null));
      answer(lookup(pension, "J39", AgencyClient.byCode(y.getJuminhyoCode()), null));

      DisclosureResponse d = disclose(x.getJuminhyoCode(), "来所", "郵送");
      assertEquals(x.getJuminhyoCode(), d.getIdentity().getJuminhyoCode());
      assertEquals(
          List.of("agency-A20/J39", "agency-A20/J42", "agency-A03/J03"),
          who(d.getProvisionsList()));
      assertTrue(
          d.getProvisionsList().stream()
              .allMatch(r -> r.getJuminhyoCode().equals(x.getJuminhyoCode())));

      IdentityInfo x2 = net.operate(ResidentRequests.codeChange(x.getJuminhyoCode()));
      answer(lookup(pension, "J43", AgencyClient.byCode(x2.getJuminhyoCode()), null));
      DisclosureResponse after = disclose(x2.getJuminhyoCode(), "郵送", "郵送");
      assertEquals(x2.getJuminhyoCode(), after.getIdentity().getJuminhyoCode());
      assertEquals(
          List.of("agency-A20/J39", "agency-A20/J42", "agency-A03/J03", "agency-A20/J43"),
          who(after.getProvisionsList()));
      assertEquals(x.getJuminhyoCode(), after.getProvisions(0).getJuminhyoCode());
      assertEquals(x2.getJuminhyoCode(), after.getProvisions(3).getJuminhyoCode());
      assertEquals(
          who(after.getProvisionsList()),
          who(disclose(x.getJuminhyoCode(), "来所", "来所").getProvisionsList()),
          "asked by the old code, the same person");

      DisclosureResponse other = disclose(y.getJuminhyoCode(), "来所", "来所");
      assertEquals(List.of("agency-A20/J39"), who(other.getProvisionsList()));
    }

    ReportResponse counts = report(ReportKind.REPORT_KIND_DISCLOSURES);
    long total = counts.getCountersList().stream().mapToLong(r -> r.getCount()).sum();
    assertTrue(total >= 4, counts.toString());
    assertTrue(
        counts.getCountersList().stream()
            .anyMatch(r -> r.getRequestMethod().equals("郵送") && r.getReceiveMethod().equals("郵送")));
    RemoteErrorException bad =
        refusal(
            monitor.request(
                Envelope.newBuilder()
                    .setDisclosureRequest(
                        DisclosureRequest.newBuilder()
                            .setJuminhyoCode(x.getJuminhyoCode())
                            .setRequestMethod("電話")
                            .setReceiveMethod("来所")),
                WAIT));
    assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, bad.code());
  }

  @Test
  void theProvisionsReportCountsWhatWasProvided() throws Exception {
    IdentityInfo p = net.born("報告 花子", "1975-05-05", Sex.SEX_FEMALE, "甲府市7", null);
    long before = provisionCount("agency-A20", "J40");
    Connection c = net.connect(PENSION);
    {
      for (int i = 0; i < 3; i++) {
        answer(lookup(c, "J40", AgencyClient.byCode(p.getJuminhyoCode()), null));
      }
    }
    assertEquals(before + 3, provisionCount("agency-A20", "J40"));
  }

  @Test
  void manyRequestsInFlightOnOneConnectionAreAllAnswered() throws Exception {
    IdentityInfo p = net.born("多数 照会", "1985-08-08", Sex.SEX_MALE, "甲府市8", null);
    int n = 3_000; // beyond the in-flight bound of 1,024: the server stops reading, not refusing
    long overloadedBefore = overloaded();
    Connection c = net.connect(PENSION);
    {
      List<CompletableFuture<Envelope>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        answers.add(lookup(c, "J39", AgencyClient.byCode(p.getJuminhyoCode()), null));
      }
      for (CompletableFuture<Envelope> a : answers) {
        assertEquals(1, answer(a).getMatchesCount());
      }
    }
    assertEquals(overloadedBefore, overloaded(), "none answered OVERLOADED");
  }

  @Test
  void theCliLooksUpAsTheAgencyAndDisclosesAsTheMonitor() throws Exception {
    IdentityInfo p = net.born("操作 端末", "1999-12-31", Sex.SEX_FEMALE, "甲府市9", null);
    String d = net.net.directory().root().toString();
    String code = p.getJuminhyoCode();
    Cli found =
        Cli.run("agency", "A20", "lookup", "--jimu", "J39", "--code", code, "--dir", d, "--json");
    assertEquals(ExitCodes.OK, found.exit(), found.err());
    JsonNode j = Json.MAPPER.readTree(found.out());
    assertEquals(code, j.at("/matches/0/juminhyo_code").asText());
    assertTrue(j.at("/log_sequence").asLong() > 0, found.out());
    Cli byName =
        Cli.run(
            "agency",
            "A20",
            "lookup",
            "--jimu",
            "J42",
            "--name",
            "操作 端末",
            "--birth-date",
            "1999-12-31",
            "--sex",
            "F",
            "--dir",
            d);
    assertEquals(ExitCodes.OK, byName.exit(), byName.err());
    assertTrue(byName.out().contains(code), byName.out());
    Cli refused = Cli.run("agency", "A03", "lookup", "--jimu", "J39", "--code", code, "--dir", d);
    assertEquals(ExitCodes.FAILURE, refused.exit(), refused.out());
    assertTrue(refused.err().contains(AgencyPurposeCheck.JIMU_NOT_REGISTERED), refused.err());

    Cli disclosed = Cli.run("disclose", code, "--request-method", "郵送", "--dir", d, "--json");
    assertEquals(ExitCodes.OK, disclosed.exit(), disclosed.err());
    JsonNode dj = Json.MAPPER.readTree(disclosed.out());
    assertEquals(2, dj.at("/provisions").size(), disclosed.out());
    assertEquals("agency-A20", dj.at("/provisions/0/requester").asText());
    assertEquals("immediate", dj.at("/provisions/0/method").asText());
    Cli text = Cli.run("disclose", code, "--dir", d);
    assertTrue(text.out().contains("提供状況: 2 provisions"), text.out());
  }

  @Test
  void reportRequestsOutOfRangeAreRefusedAndRefusalsPage() throws Exception {
    for (ReportRequest.Builder bad :
        List.of(
            ReportRequest.newBuilder()
                .setKind(ReportKind.REPORT_KIND_PROVISIONS)
                .setFromMonth("2020-13"),
            ReportRequest.newBuilder()
                .setKind(ReportKind.REPORT_KIND_PROVISIONS)
                .setFromMonth("2021-04")
                .setToMonth("2020-04"),
            ReportRequest.newBuilder().setKind(ReportKind.REPORT_KIND_REFUSALS).setLimit(0),
            ReportRequest.newBuilder().setKind(ReportKind.REPORT_KIND_PREFECTURE_USE))) {
      RemoteErrorException e =
          refusal(monitor.request(Envelope.newBuilder().setReportRequest(bad), WAIT));
      assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("report_request."), e.getMessage());
    }
    // Two refusals of our own, read one page at a time.
    Connection mic = net.connect(MIC);
    ProvisionKey key = AgencyClient.byCode("12345678901");
    refusal(lookup(mic, "J39", key, null));
    refusal(lookup(mic, "J40", key, null));
    long total = net.refusals(monitor).size();
    ReportResponse page =
        monitor
            .request(
                Envelope.newBuilder()
                    .setReportRequest(
                        ReportRequest.newBuilder()
                            .setKind(ReportKind.REPORT_KIND_REFUSALS)
                            .setAfterSequence(total - 2)
                            .setLimit(1)),
                WAIT)
            .get(WAIT.toSeconds(), TimeUnit.SECONDS)
            .getReportResponse();
    assertEquals(1, page.getRefusalsCount());
    assertEquals(total - 1, page.getRefusals(0).getSequence());
    assertTrue(page.getMore(), "one more follows");
  }

  private long overloaded() {
    return net.national().status().getCountersOrDefault(TransportCounters.REQUESTS_OVERLOADED, 0);
  }

  private long provisionCount(String requester, String jimu) throws Exception {
    return report(ReportKind.REPORT_KIND_PROVISIONS).getCountersList().stream()
        .filter(r -> r.getRequester().equals(requester) && r.getJimuCode().equals(jimu))
        .mapToLong(r -> r.getCount())
        .sum();
  }

  private long provisionsOf(IdentityInfo p) throws Exception {
    return disclose(p.getJuminhyoCode(), "来所", "来所").getProvisionsCount();
  }

  private static ReportResponse report(ReportKind kind) throws Exception {
    return monitor
        .request(
            Envelope.newBuilder().setReportRequest(ReportRequest.newBuilder().setKind(kind)), WAIT)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS)
        .getReportResponse();
  }

  private static DisclosureResponse disclose(String code, String request, String receive)
      throws Exception {
    return monitor
        .request(
            Envelope.newBuilder()
                .setDisclosureRequest(
                    DisclosureRequest.newBuilder()
                        .setJuminhyoCode(code)
                        .setRequestMethod(request)
                        .setReceiveMethod(receive)),
            WAIT)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS)
        .getDisclosureResponse();
  }

  private static void assertPurpose(
      RemoteErrorException e, String rule, String requester, String jimu) {
    assertEquals(ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains(rule), e.getMessage());
    assertTrue(e.getMessage().contains(requester), e.getMessage());
    assertTrue(e.getMessage().contains(jimu), e.getMessage());
  }

  private static List<String> who(List<ProvisionRecord> records) {
    return records.stream().map(r -> r.getRequester() + "/" + r.getJimuCode()).toList();
  }

  private static List<String> codes(SingleProvisionResponse r) {
    return r.getMatchesList().stream().map(IdentityInfo::getJuminhyoCode).toList();
  }

  /** A certificate of the network's CA for agency A99, which the registry does not hold. */
  private static jp.jukinet.protocol.tls.NodeTls unknownAgencyTls() {
    NetworkPki.init(net.net.directory().pkiDir(), List.of(UNKNOWN), Duration.ofDays(30));
    return jp.jukinet.protocol.tls.NodeTls.load(net.net.directory().pkiDir(), UNKNOWN);
  }

  /** A valid 住民票コード nobody has: another check-digit-correct code. */
  private static String unusedCode(String code) {
    return jp.jukinet.protocol.id.JuminhyoCode.random(new java.util.Random(code.hashCode()))
        .value();
  }

  private static String unusedNumber(String number) {
    return jp.jukinet.protocol.id.IndividualNumber.random(new java.util.Random(number.hashCode()))
        .value();
  }
}
