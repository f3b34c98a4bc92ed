package jp.jukinet.sim.cs;

import static jp.jukinet.node.testing.PeerProbe.answer;
import static jp.jukinet.node.testing.PeerProbe.refused;
import static jp.jukinet.sim.cs.CsNetwork.FUJIYOSHIDA;
import static jp.jukinet.sim.cs.CsNetwork.KOFU;
import static jp.jukinet.sim.cs.Requests.birth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.jukinet.cs.store.OperationLogEntry;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityChangeBatch;
import jp.jukinet.protocol.proto.ListRecordsRequest;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.NodeStatusRequest;
import jp.jukinet.protocol.proto.ResidentOperationResponse;
import jp.jukinet.protocol.proto.ResidentQuery;
import jp.jukinet.protocol.proto.RoutedMessage;
import jp.jukinet.protocol.proto.SingleProvisionRequest;
import jp.jukinet.protocol.proto.WideAreaCopyRequest;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.sim.testing.TestNetworks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CS judges every request by the role × body table (docs/protocol.md §7.7), the operator's
 * certificate (§5.2) and the field ranges (§7.8) before any work; a refusal changes nothing.
 */
@Timeout(120)
class CsPermissionsIT {
  static final PeerId OPERATOR = new PeerId(NodeRole.NODE_ROLE_OPERATOR, KOFU + "-01");

  @TempDir Path dir;
  @RegisterExtension final TestNetworks networks = new TestNetworks();
  CsNetwork net;
  Connection operator;
  Connection monitor;

  @BeforeEach
  void start() throws Exception {
    net = new CsNetwork(networks, dir);
    operator = net.connect(OPERATOR, KOFU);
    monitor = net.connect(CsNetwork.MONITOR, KOFU);
  }

  @AfterEach
  void stop() {
    operator.close();
    monitor.close();
    net.close();
  }

  private static Envelope.Builder status() {
    return Envelope.newBuilder().setNodeStatusRequest(NodeStatusRequest.getDefaultInstance());
  }

  private static Envelope.Builder list(String municipality, int limit) {
    return Envelope.newBuilder()
        .setListRecordsRequest(
            ListRecordsRequest.newBuilder().setMunicipalityCode(municipality).setLimit(limit));
  }

  @Test
  void eachRoleMaySendOnlyWhatTheTableAllowsAndARefusalChangesNothing() throws Exception {
    Map<String, List<String>> before = StoreSnapshot.of(net.node(KOFU).store());
    Envelope.Builder emptyBatch =
        Envelope.newBuilder().setIdentityChangeBatch(IdentityChangeBatch.getDefaultInstance());

    refused(
        operator,
        status(),
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "node_status_request is not accepted from an op (op-192015-01) by cs-192015");
    refused(operator, list(KOFU, 10), ErrorCode.ERROR_CODE_NOT_PERMITTED, "list_records_request");
    refused(operator, emptyBatch, ErrorCode.ERROR_CODE_NOT_PERMITTED, "identity_change_batch");
    refused(
        monitor,
        emptyBatch,
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "identity_change_batch",
        "a monitor (monitor-01)");
    refused(
        monitor,
        Envelope.newBuilder()
            .setResidentQuery(ResidentQuery.newBuilder().setJuminhyoCode("12345678903")),
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "resident_query");
    refused(
        monitor,
        Envelope.newBuilder()
            .setWideAreaCopyRequest(
                WideAreaCopyRequest.newBuilder()
                    .setJuminhyoCode("12345678903")
                    .setResidenceMunicipality(KOFU)),
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "wide_area_copy_request");
    refused(
        monitor,
        Envelope.newBuilder().setResidentOperationRequest(birth("甲斐 監", "2000-01-01", "甲府市1")),
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "resident_operation_request");
    refused(
        operator,
        Envelope.newBuilder().setRoutedMessage(RoutedMessage.newBuilder().setRouteId("192015-1")),
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "routed_message");
    refused(
        operator,
        Envelope.newBuilder()
            .setSingleProvisionRequest(SingleProvisionRequest.getDefaultInstance()),
        ErrorCode.ERROR_CODE_NOT_PERMITTED,
        "single_provision_request");
    // Its own prefecture server may send routed messages, but neither change batches nor status
    // requests.
    fromPrefRefused(
        emptyBatch, "identity_change_batch is not accepted from a pref (pref-190004) by cs-192015");
    fromPrefRefused(status(), "node_status_request");

    assertEquals(
        before, StoreSnapshot.of(net.node(KOFU).store()), "a refused request changes nothing");
    assertEquals(
        11, answer(monitor, status()).getNodeStatus().getCountersOrThrow("requests_not_permitted"));
  }

  /** Sends {@code request} on the prefecture server's own link to the CS, as that server would. */
  private void fromPrefRefused(Envelope.Builder request, String mentions) {
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                net.prefectureLinkTo(KOFU)
                    .request(request, Duration.ofSeconds(20))
                    .get(20, TimeUnit.SECONDS));
    RemoteErrorException err = assertInstanceOf(RemoteErrorException.class, e.getCause());
    assertEquals(ErrorCode.ERROR_CODE_NOT_PERMITTED, err.code(), err.getMessage());
    assertTrue(err.getMessage().contains(mentions), err.getMessage());
  }

  @Test
  void listRecordsLimitAndMunicipalityAreChecked() throws Exception {
    for (int limit : new int[] {0, 10_001, 1 << 31, -1}) {
      refused(
          monitor,
          list(KOFU, limit),
          ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "list_records_request.limit "
              + Integer.toUnsignedString(limit)
              + " is out of range 1..10000");
    }
    refused(
        monitor,
        list("", 10),
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "list_records_request.municipality_code \"\"");
    refused(
        monitor,
        list(FUJIYOSHIDA, 10),
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "list_records_request.municipality_code " + FUJIYOSHIDA);
    net.operate(KOFU, birth("甲斐 一", "2000-01-01", "甲府市1"));
    assertEquals(1, answer(monitor, list(KOFU, 1)).getListRecordsResponse().getRecordsCount());
  }

  @Test
  void theOperatorIsTheCertificatesNeverAClaimedOne() throws Exception {
    Map<String, List<String>> before = StoreSnapshot.of(net.node(KOFU).store());
    refused(
        operator,
        Envelope.newBuilder()
            .setOperatorId(KOFU + "-02")
            .setResidentOperationRequest(birth("甲斐 偽", "2000-01-01", "甲府市1")),
        ErrorCode.ERROR_CODE_INVALID_REQUEST,
        "operator_id \"192015-02\" is not the sender's certificate code 192015-01");
    assertEquals(
        before, StoreSnapshot.of(net.node(KOFU).store()), "the refused operation changed nothing");

    // Left empty, or equal to the certificate's code: the change and the log carry the
    // certificate's code.
    ResidentOperationResponse first =
        answer(
                operator,
                Envelope.newBuilder()
                    .setResidentOperationRequest(birth("甲斐 一", "2000-01-01", "甲府市1")))
            .getResidentOperationResponse();
    ResidentOperationResponse second =
        answer(
                operator,
                Envelope.newBuilder()
                    .setOperatorId(OPERATOR.code())
                    .setResidentOperationRequest(birth("甲斐 二", "2000-01-01", "甲府市2")))
            .getResidentOperationResponse();
    for (IdentityChange change : List.of(first.getChange(), second.getChange())) {
      assertEquals(
          OPERATOR.code(),
          change.getOperatorId(),
          "the recorded change names the certificate's operator");
    }
    List<OperationLogEntry> log = net.node(KOFU).store().operationLog(0, 10);
    assertEquals(
        List.of(OPERATOR.code(), OPERATOR.code()),
        log.stream().map(OperationLogEntry::getOperatorId).toList());
  }
}
