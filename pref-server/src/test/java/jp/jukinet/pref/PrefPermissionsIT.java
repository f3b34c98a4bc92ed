package jp.jukinet.pref;

import static jp.jukinet.node.testing.PeerProbe.answer;
import static jp.jukinet.node.testing.PeerProbe.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.node.testing.PeerProbe;
import jp.jukinet.protocol.config.HostPort;
import jp.jukinet.protocol.config.NodeConfig;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.BatchProvisionRequest;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityChangeBatch;
import jp.jukinet.protocol.proto.ListRecordsRequest;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatusRequest;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.testing.TestPki;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.TransportResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real prefecture server judges every request by the role × body table (docs/protocol.md §7.7)
 * and the field ranges (§7.8) before doing anything: refusals are definite, change nothing, and
 * leave the connection up.
 */
@Timeout(60)
class PrefPermissionsIT {
  static final PeerId PREF = PeerId.prefecture("190004");
  static final PeerId KOFU = PeerId.cs("192015");
  static final PeerId MONITOR = new PeerId(NodeRole.NODE_ROLE_MONITOR, "01");
  static final PeerId TERMINAL = new PeerId(NodeRole.NODE_ROLE_PREF_TERMINAL, "190004-01");

  @TempDir Path dir;
  NodeRuntime runtime;
  PrefServer pref;
  PeerProbe probe;

  @BeforeEach
  void start() {
    TestPki pki = TestPki.create(dir, PeerId.national(), PREF, KOFU, MONITOR, TERMINAL);
    runtime =
        new NodeRuntime(
            TransportResources.create(2),
            Executors.newFixedThreadPool(2),
            java.time.Clock.systemUTC(),
            NodeRuntime.SINGLE_NODE_STORE);
    // The national server is not running: the prefecture server keeps dialling it, which is fine
    // here.
    pref =
        PrefServer.start(
            new NodeConfig(
                PREF,
                new HostPort("127.0.0.1", 0),
                dir.resolve("pref"),
                pki.pkiDir(),
                new HostPort("127.0.0.1", 1),
                PeerId.national(),
                null),
            runtime);
    probe = new PeerProbe(pki, runtime.transport());
  }

  @AfterEach
  void stop() {
    probe.close();
    pref.close();
    runtime.close();
  }

  private Connection as(PeerId peer) throws Exception {
    return probe.connect(peer, PREF, pref.localAddress());
  }

  private static Envelope.Builder batch(IdentityChange... changes) {
    return Envelope.newBuilder()
        .setIdentityChangeBatch(
            IdentityChangeBatch.newBuilder().addAllChanges(java.util.List.of(changes)));
  }

  private static IdentityChange.Builder change(long sequence) {
    return IdentityChange.newBuilder()
        .setSourceMunicipality(KOFU.code())
        .setSequence(sequence)
        .setOperation(ChangeOperation.CHANGE_OPERATION_RECORD)
        .setReason(ChangeReason.CHANGE_REASON_BIRTH);
  }

  @Test
  void eachRoleMaySendOnlyWhatTheTableAllows() throws Exception {
    Connection cs = as(KOFU);
    Connection monitor = as(MONITOR);
    Connection terminal = as(TERMINAL);
    Envelope.Builder status =
        Envelope.newBuilder().setNodeStatusRequest(NodeStatusRequest.getDefaultInstance());
    Envelope.Builder list =
        Envelope.newBuilder()
            .setListRecordsRequest(
                ListRecordsRequest.newBuilder().setMunicipalityCode(KOFU.code()).setLimit(10));

    refused(
        cs,
        status,
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "node_status_request",
        "a cs (cs-192015)",
        "pref-190004");
    refused(cs, list, ErrorCode.ERROR_CODE_NOT_PERMITTED, "list_records_request");
    refused(
        terminal,
        batch(),
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "identity_change_batch is not accepted from a term (term-190004-01) by pref-190004");
    refused(
        monitor,
        batch(),
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "identity_change_batch",
        "a monitor (monitor-01)");
    refused(
        cs,
        Envelope.newBuilder()
            .setResidentQuery(ResidentQuery.newBuilder().setJuminhyoCode("12345678903")),
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "resident_query");
    refused(
        terminal,
        Envelope.newBuilder().setBatchProvisionRequest(BatchProvisionRequest.getDefaultInstance()),
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "batch_provision_request");

    assertEquals(
        0,
        answer(cs, batch()).getIdentityChangeAck().getAcksCount(),
        "an empty batch from its CS is acked");
    assertTrue(answer(monitor, list).hasListRecordsResponse());
    assertEquals(
        6, answer(monitor, status).getNodeStatus().getCountersOrThrow("requests_not_permitted"));
  }

  @Test
  void outOfRangeFieldsAreRefusedNamingTheField() throws Exception {
    Connection cs = as(KOFU);
    Connection monitor = as(MONITOR);
    refused(
        cs,
        batch(change(0).build()),
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "identity_change_batch.changes[0].sequence 0 is out of range");
    refused(
        cs,
        batch(change(1).build(), change(-1).build()),
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "identity_change_batch.changes[1].sequence 18446744073709551615 is out of range");
    refused(
        cs,
        batch(change(1).setOperation(ChangeOperation.CHANGE_OPERATION_UNSPECIFIED).build()),
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "identity_change_batch.changes[0].operation");
    refused(
        cs,
        batch(change(1).setReasonValue(999).build()),
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "identity_change_batch.changes[0].reason 999");
    refused(
        cs,
        batch(change(1).setOperatorId("192023-01").build()),
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "identity_change_batch.changes[0].operator_id \"192023-01\"");
    for (int limit : new int[] {0, 10_001, Integer.MIN_VALUE, -1}) {
      refused(
          monitor,
          Envelope.newBuilder()
              .setListRecordsRequest(
                  ListRecordsRequest.newBuilder().setMunicipalityCode(KOFU.code()).setLimit(limit)),
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "list_records_request.limit "
              + Integer.toUnsignedString(limit)
              + " is out of range 1..10000");
    }
    assertEquals(0, pref.appliedThrough().size(), "nothing was applied");
    assertEquals(0, pref.registry().count());
  }

  @Test
  void anOperatorIdOtherThanTheCertificatesIsRefused() throws Exception {
    Connection cs = as(KOFU);
    refused(
        cs,
        batch().setOperatorId("192023"),
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "operator_id \"192023\" is not the sender's certificate code 192015");
    answer(cs, batch().setOperatorId(KOFU.code()));
  }
}
