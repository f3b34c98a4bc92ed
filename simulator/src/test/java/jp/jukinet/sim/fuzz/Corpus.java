package jp.jukinet.sim.fuzz;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.jukinet.protocol.id.JuminhyoCode;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.BatchCredit;
import jp.jukinet.protocol.proto.BatchKeys;
import jp.jukinet.protocol.proto.BatchProvisionChunk;
import jp.jukinet.protocol.proto.BatchProvisionRequest;
import jp.jukinet.protocol.proto.BatchResult;
import jp.jukinet.protocol.proto.BulkRecordRequest;
import jp.jukinet.protocol.proto.BulkRecordResponse;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.CounterRow;
import jp.jukinet.protocol.proto.DisclosureRequest;
import jp.jukinet.protocol.proto.DisclosureResponse;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.Envelope.BodyCase;
import jp.jukinet.protocol.proto.Error;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.ExOfficioRecord;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.Heartbeat;
import jp.jukinet.protocol.proto.Hello;
import jp.jukinet.protocol.proto.HelloAccepted;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityChangeAck;
import jp.jukinet.protocol.proto.IdentityChangeBatch;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.LinkState;
import jp.jukinet.protocol.proto.LinkStatus;
import jp.jukinet.protocol.proto.ListRecordsRequest;
import jp.jukinet.protocol.proto.ListRecordsResponse;
import jp.jukinet.protocol.proto.MediaDestroyRequest;
import jp.jukinet.protocol.proto.MediaDestroyResponse;
import jp.jukinet.protocol.proto.MoveInNotice;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatus;
import jp.jukinet.protocol.proto.NodeStatusRequest;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.ProvisionLogEntry;
import jp.jukinet.protocol.proto.ProvisionLogPage;
import jp.jukinet.protocol.proto.ProvisionLogRequest;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.proto.ProvisionRecord;
import jp.jukinet.protocol.proto.ReportKind;
import jp.jukinet.protocol.proto.ReportRequest;
import jp.jukinet.protocol.proto.ReportResponse;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.ResidentOperationResponse;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.ResidentQueryResponse;
import jp.jukinet.protocol.proto.ResidentView;
import jp.jukinet.protocol.proto.RoutedAck;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.proto.SingleProvisionRequest;
import jp.jukinet.protocol.proto.SingleProvisionResponse;
import jp.jukinet.protocol.proto.SourceAck;
import jp.jukinet.protocol.proto.TransferCertificateRequest;
import jp.jukinet.protocol.proto.WideAreaCopyRequest;
import jp.jukinet.protocol.proto.WideAreaCopyResponse;
import jp.jukinet.sim.workload.FakeResidents;
import jp.jukinet.sim.workload.ResidentRequests;

/**
 * Valid frames of every {@link BodyCase}, as a peer of identity {@code self} would send them to
 * {@code target}: the seeds the {@link Mutator} starts from. Codes are real ones of the network
 * (residents created before the run, the CSs' municipalities), so that unmutated requests reach the
 * handlers' deeper paths instead of failing the first lookup.
 */
final class Corpus {
  /** What the corpus knows of the running network. */
  record Network(
      List<String> municipalities,
      List<String> juminhyoCodes,
      ConcurrentMap<String, AtomicLong> counters) {
    Network {
      municipalities = List.copyOf(municipalities);
      juminhyoCodes = List.copyOf(juminhyoCodes);
      Objects.requireNonNull(counters, "counters");
    }

    /** The next number of a series (a source's route ids). */
    long next(String series) {
      return counters.computeIfAbsent(series, s -> new AtomicLong()).incrementAndGet();
    }

    /**
     * The sequence a source's next change needs: one past what a node last acknowledged, so valid
     * batches apply.
     */
    long nextSequence(String source) {
      return counters.computeIfAbsent("acked " + source, s -> new AtomicLong()).get() + 1;
    }

    void acknowledged(String source, long through) {
      AtomicLong acked = counters.get("acked " + source);
      if (acked != null) {
        acked.accumulateAndGet(through, Math::max);
      }
    }
  }

  /** The request bodies {@code self} may send to {@code target} (docs/protocol.md §7.7). */
  static List<BodyCase> permitted(NodeRole self, NodeRole target) {
    return switch (target) {
      case NODE_ROLE_CS ->
          switch (self) {
            case NODE_ROLE_OPERATOR ->
                List.of(
                    BodyCase.RESIDENT_OPERATION_REQUEST,
                    BodyCase.RESIDENT_QUERY,
                    BodyCase.BULK_RECORD_REQUEST,
                    BodyCase.WIDE_AREA_COPY_REQUEST);
            case NODE_ROLE_MONITOR ->
                List.of(BodyCase.NODE_STATUS_REQUEST, BodyCase.LIST_RECORDS_REQUEST);
            default -> List.of();
          };
      case NODE_ROLE_PREFECTURE ->
          switch (self) {
            case NODE_ROLE_CS -> List.of(BodyCase.IDENTITY_CHANGE_BATCH, BodyCase.ROUTED_MESSAGE);
            case NODE_ROLE_MONITOR ->
                List.of(BodyCase.NODE_STATUS_REQUEST, BodyCase.LIST_RECORDS_REQUEST);
            default -> List.of();
          };
      case NODE_ROLE_NATIONAL ->
          switch (self) {
            case NODE_ROLE_PREFECTURE ->
                List.of(BodyCase.IDENTITY_CHANGE_BATCH, BodyCase.ROUTED_MESSAGE);
            case NODE_ROLE_MONITOR ->
                List.of(BodyCase.NODE_STATUS_REQUEST, BodyCase.LIST_RECORDS_REQUEST);
            default -> List.of();
          };
      default -> List.of();
    };
  }

  private final Network net;
  private final PeerId self;
  private final PeerId target;

  /**
   * The municipality whose changes and routed messages this peer hands in (its own, or one below
   * it).
   */
  private final String source;

  Corpus(Network net, PeerId self, PeerId target, String source) {
    this.net = net;
    this.self = self;
    this.target = target;
    this.source = source;
  }

  /** One valid frame of {@code body}, without message id or correlation id. */
  Envelope.Builder frame(BodyCase body, SplittableRandom r) {
    Envelope.Builder e =
        Envelope.newBuilder().setSender(self.toProto()).setSentAtMillis(System.currentTimeMillis());
    String code = pick(net.juminhyoCodes(), r);
    String municipality =
        target.role() == NodeRole.NODE_ROLE_CS ? target.code() : pick(net.municipalities(), r);
    switch (body) {
      case HELLO -> e.setHello(hello());
      case HELLO_ACCEPTED ->
          e.setHelloAccepted(
              HelloAccepted.newBuilder().setServer(target.toProto()).setProtocolVersion(1));
      case HEARTBEAT ->
          e.setHeartbeat(Heartbeat.newBuilder().setSentAtMillis(System.currentTimeMillis()));
      case ERROR ->
          e.setError(
              Error.newBuilder()
                  .setCode(ErrorCode.forNumber(1 + r.nextInt(16)))
                  .setMessage("refused by the peer")
                  .setDefinite(r.nextBoolean()));
      case NODE_STATUS_REQUEST -> e.setNodeStatusRequest(NodeStatusRequest.getDefaultInstance());
      case NODE_STATUS ->
          e.setNodeStatus(
              NodeStatus.newBuilder()
                  .setNode(self.toProto())
                  .setListenAddress("127.0.0.1:1")
                  .addLinks(
                      LinkStatus.newBuilder()
                          .setPeer(target.toProto())
                          .setState(LinkState.LINK_STATE_UP))
                  .putCounters("changes_applied", 1));
      case IDENTITY_CHANGE_BATCH ->
          e.setIdentityChangeBatch(IdentityChangeBatch.newBuilder().addChanges(change(r)));
      case IDENTITY_CHANGE_ACK ->
          e.setIdentityChangeAck(
              IdentityChangeAck.newBuilder()
                  .addAcks(
                      SourceAck.newBuilder()
                          .setSourceMunicipality(municipality)
                          .setThroughSequence(1 + r.nextInt(5))));
      case ROUTED_MESSAGE -> e.setRoutedMessage(routed(r));
      case ROUTED_ACK ->
          e.setRoutedAck(
              RoutedAck.newBuilder().setRouteId(municipality + "-" + (1 + r.nextInt(9))));
      case RESIDENT_OPERATION_REQUEST ->
          e.setResidentOperationRequest(operation(municipality, code, r));
      case RESIDENT_OPERATION_RESPONSE ->
          e.setResidentOperationResponse(
              ResidentOperationResponse.newBuilder()
                  .setIdentity(identity(municipality, code))
                  .setChange(change(r)));
      case RESIDENT_QUERY ->
          e.setResidentQuery(
              r.nextBoolean()
                  ? ResidentQuery.newBuilder().setJuminhyoCode(code)
                  : ResidentQuery.newBuilder().setFourItems(items(municipality, r)));
      case RESIDENT_QUERY_RESPONSE ->
          e.setResidentQueryResponse(
              ResidentQueryResponse.newBuilder()
                  .addResidents(
                      ResidentView.newBuilder().setIdentity(identity(municipality, code))));
      case BULK_RECORD_REQUEST -> {
        BulkRecordRequest.Builder b = BulkRecordRequest.newBuilder();
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
          b.addRecords(
              ExOfficioRecord.newBuilder()
                  .setFourItems(items(municipality, r))
                  .setNameKana("サトウ ハナコ"));
        }
        e.setBulkRecordRequest(b);
      }
      case BULK_RECORD_RESPONSE ->
          e.setBulkRecordResponse(
              BulkRecordResponse.newBuilder().addJuminhyoCodes(code).setFirstSequence(1));
      case LIST_RECORDS_REQUEST ->
          e.setListRecordsRequest(
              ListRecordsRequest.newBuilder()
                  .setMunicipalityCode(municipality)
                  .setLimit(1 + r.nextInt(100)));
      case LIST_RECORDS_RESPONSE ->
          e.setListRecordsResponse(
              ListRecordsResponse.newBuilder()
                  .addRecords(identity(municipality, code))
                  .setMore(r.nextBoolean()));
      case SINGLE_PROVISION_REQUEST ->
          e.setSingleProvisionRequest(
              SingleProvisionRequest.newBuilder()
                  .setJimuCode("1")
                  .setKey(ProvisionKey.newBuilder().setJuminhyoCode(code)));
      case SINGLE_PROVISION_RESPONSE ->
          e.setSingleProvisionResponse(
              SingleProvisionResponse.newBuilder().addMatches(identity(municipality, code)));
      case BATCH_PROVISION_REQUEST ->
          e.setBatchProvisionRequest(
              BatchProvisionRequest.newBuilder()
                  .setBatchId("b1")
                  .setJimuCode("1")
                  .setKeyCount(1)
                  .setInitialCredit(2)
                  .setMethod(ProvisionMethod.PROVISION_METHOD_BATCH_LINE));
      case BATCH_KEYS ->
          e.setBatchKeys(
              BatchKeys.newBuilder()
                  .setBatchId("b1")
                  .addKeys(ProvisionKey.newBuilder().setJuminhyoCode(code)));
      case BATCH_PROVISION_CHUNK ->
          e.setBatchProvisionChunk(
              BatchProvisionChunk.newBuilder()
                  .setBatchId("b1")
                  .addResults(BatchResult.newBuilder().addMatches(identity(municipality, code)))
                  .setLast(true));
      case BATCH_CREDIT -> e.setBatchCredit(BatchCredit.newBuilder().setBatchId("b1").setCredit(4));
      case DISCLOSURE_REQUEST ->
          e.setDisclosureRequest(
              DisclosureRequest.newBuilder()
                  .setJuminhyoCode(code)
                  .setRequestMethod("来所")
                  .setReceiveMethod("郵送"));
      case DISCLOSURE_RESPONSE ->
          e.setDisclosureResponse(
              DisclosureResponse.newBuilder()
                  .setIdentity(identity(municipality, code))
                  .addProvisions(
                      ProvisionRecord.newBuilder()
                          .setRequester("agency-A01")
                          .setJimuCode("1")
                          .setMethod(ProvisionMethod.PROVISION_METHOD_IMMEDIATE)));
      case WIDE_AREA_COPY_REQUEST ->
          e.setWideAreaCopyRequest(
              WideAreaCopyRequest.newBuilder()
                  .setJuminhyoCode(code)
                  .setRequestId("w" + r.nextInt(1000))
                  .setResidenceMunicipality(pick(net.municipalities(), r)));
      case WIDE_AREA_COPY_RESPONSE ->
          e.setWideAreaCopyResponse(
              WideAreaCopyResponse.newBuilder()
                  .setRequestId("w1")
                  .setFound(true)
                  .setIdentity(identity(municipality, code)));
      case MEDIA_DESTROY_REQUEST ->
          e.setMediaDestroyRequest(
              MediaDestroyRequest.newBuilder().setBatchId("b1").setDestroyedOn("2020-04-02"));
      case MEDIA_DESTROY_RESPONSE ->
          e.setMediaDestroyResponse(MediaDestroyResponse.newBuilder().setBatchId("b1"));
      case REPORT_REQUEST ->
          e.setReportRequest(
              ReportRequest.newBuilder()
                  .setKind(ReportKind.forNumber(r.nextInt(6)))
                  .setFromMonth("2020-04")
                  .setLimit(r.nextInt(100)));
      case REPORT_RESPONSE ->
          e.setReportResponse(
              ReportResponse.newBuilder()
                  .addCounters(CounterRow.newBuilder().setRequester("agency-A01").setCount(1)));
      case PROVISION_LOG_REQUEST ->
          e.setProvisionLogRequest(
              ProvisionLogRequest.newBuilder().setAfterSequence(r.nextInt(10)).setLimit(10));
      case PROVISION_LOG_PAGE ->
          e.setProvisionLogPage(
              ProvisionLogPage.newBuilder()
                  .addEntries(ProvisionLogEntry.newBuilder().setSequence(1).addPersons(code)));
      case BODY_NOT_SET -> {}
    }
    return e;
  }

  Hello.Builder hello() {
    return Hello.newBuilder()
        .setNode(self.toProto())
        .setProtocolVersion(1)
        .setSoftware("jukinet-fuzz/1");
  }

  private IdentityChange.Builder change(SplittableRandom r) {
    FourItems items = items(source, r);
    return IdentityChange.newBuilder()
        .setSourceMunicipality(source)
        .setSequence(net.nextSequence(source))
        .setOperation(ChangeOperation.CHANGE_OPERATION_RECORD)
        .setReason(ChangeReason.CHANGE_REASON_BIRTH)
        .setReasonDate("2020-04-01")
        .setNotificationDate("2020-04-02")
        .setRecordedAtMillis(System.currentTimeMillis())
        // A new person: a permitted peer that records a resident of another municipality under its
        // own source moves that person upstream (within its authority, §7.2), which verify would
        // report.
        .setIdentity(
            IdentityInfo.newBuilder()
                .setJuminhyoCode(JuminhyoCode.random(r).value())
                .setFourItems(items)
                .setMunicipalityCode(source));
  }

  private RoutedMessage.Builder routed(SplittableRandom r) {
    String destination = pick(net.municipalities(), r);
    RoutedMessage.Builder m =
        RoutedMessage.newBuilder()
            .setRouteId(source + "-" + net.next("route " + source))
            .setOriginMunicipality(source)
            .setDestinationMunicipality(destination)
            .setCreatedAtMillis(System.currentTimeMillis());
    String code = pick(net.juminhyoCodes(), r);
    switch (r.nextInt(3)) {
      case 0 ->
          m.setMoveInNotice(
              MoveInNotice.newBuilder()
                  .setIdentity(identity(source, ""))
                  .setPreviousJuminhyoCode(code)
                  .setMoveInDate("2020-04-01")
                  .setNewAddress("北海道合成市1"));
      case 1 ->
          m.setTransferCertificateRequest(
              TransferCertificateRequest.newBuilder()
                  .setJuminhyoCode(code)
                  .setRequestId("t" + r.nextInt(1000)));
      default ->
          m.setWideAreaCopyRequest(
              WideAreaCopyRequest.newBuilder()
                  .setJuminhyoCode(code)
                  .setRequestId("w" + r.nextInt(1000))
                  .setResidenceMunicipality(destination));
    }
    return m;
  }

  private ResidentOperationRequest.Builder operation(
      String municipality, String code, SplittableRandom r) {
    String date = java.time.LocalDate.now().plusDays(r.nextInt(10)).toString();
    return switch (r.nextInt(8)) {
      case 0 -> ResidentRequests.moveWithin(code, "北海道合成市" + r.nextInt(99));
      case 1 ->
          ResidentRequests.nameChange(
              code, FakeResidents.name(Sex.SEX_FEMALE, new java.util.Random(r.nextLong())));
      case 2 -> ResidentRequests.death(code);
      case 3 -> ResidentRequests.moveOut(code, date, pick(net.municipalities(), r), "北海道合成市2");
      case 4 -> ResidentRequests.codeChange(code);
      case 5 -> ResidentRequests.moveInFromAbroad(items(municipality, r), "");
      default -> ResidentRequests.birth(items(municipality, r), "", "");
    };
  }

  private static FourItems items(String municipality, SplittableRandom r) {
    return FakeResidents.numbered(
        r.nextInt(1_000_000), municipality, "1990-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(10));
  }

  private static IdentityInfo identity(String municipality, String code) {
    return IdentityInfo.newBuilder()
        .setJuminhyoCode(code)
        .setMunicipalityCode(municipality)
        .setFourItems(FakeResidents.numbered(1, municipality, "1990-01-01"))
        .build();
  }

  static <T> T pick(List<T> list, SplittableRandom r) {
    return list.get(r.nextInt(list.size()));
  }
}
