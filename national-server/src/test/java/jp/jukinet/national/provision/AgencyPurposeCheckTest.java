package jp.jukinet.national.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jp.jukinet.node.provision.Refusal;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ProvisionMethod;
import org.junit.jupiter.api.Test;

class AgencyPurposeCheckTest {
  private static final ProvisionMethod IMMEDIATE = ProvisionMethod.PROVISION_METHOD_IMMEDIATE;
  private final AgencyPurposeCheck check = new AgencyPurposeCheck(AgencyRegistry.load());

  @Test
  void anAgencyMayUseIts事務ByItsMethods() {
    assertTrue(check.check(agency("A20"), "J39", IMMEDIATE).isEmpty());
    assertTrue(
        check.check(agency("A23"), "J46", ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA).isEmpty());
  }

  @Test
  void anAgencyTheRegistryDoesNotKnowIsRefused() {
    Refusal r = check.check(agency("A99"), "J39", IMMEDIATE).orElseThrow();
    assertEquals(AgencyPurposeCheck.UNKNOWN_AGENCY, r.rule());
    assertEquals(ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED, r.code());
    assertTrue(r.message().contains("agency-A99"), r.message());
  }

  @Test
  void aNonAgencyIsAnUnknownAgency() {
    Refusal r =
        check.check(new PeerId(NodeRole.NODE_ROLE_MONITOR, "01"), "J39", IMMEDIATE).orElseThrow();
    assertEquals(AgencyPurposeCheck.UNKNOWN_AGENCY, r.rule());
  }

  @Test
  void another事務sOrNoneIsNotRegistered() {
    Refusal other = check.check(agency("A03"), "J39", IMMEDIATE).orElseThrow();
    assertEquals(AgencyPurposeCheck.JIMU_NOT_REGISTERED, other.rule());
    assertTrue(other.message().contains("J39 is registered for A20"), other.message());
    assertTrue(other.message().contains("agency-A03"), other.message());
    Refusal none = check.check(agency("A03"), "J99", IMMEDIATE).orElseThrow();
    assertEquals(AgencyPurposeCheck.JIMU_NOT_REGISTERED, none.rule());
    assertTrue(none.message().contains("no 事務"), none.message());
  }

  @Test
  void aMethodTheAgencyMayNotUseIsRefused() {
    Refusal r = check.check(agency("A23"), "J46", IMMEDIATE).orElseThrow();
    assertEquals(AgencyPurposeCheck.METHOD_NOT_ALLOWED, r.rule());
    assertTrue(r.message().contains("only by media"), r.message());
    Refusal r2 =
        check
            .check(agency("A29"), "J56", ProvisionMethod.PROVISION_METHOD_BATCH_LINE)
            .orElseThrow();
    assertEquals(AgencyPurposeCheck.METHOD_NOT_ALLOWED, r2.rule());
  }

  private static PeerId agency(String code) {
    return new PeerId(NodeRole.NODE_ROLE_AGENCY, code);
  }
}
