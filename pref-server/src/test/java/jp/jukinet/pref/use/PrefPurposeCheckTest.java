package jp.jukinet.pref.use;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import jp.jukinet.node.provision.LookupResult;
import jp.jukinet.node.provision.Refusal;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.ProvisionMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A terminal may use the 事務 its offices keep, by 即時提供, at its own prefecture only. */
@Timeout(10)
class PrefPurposeCheckTest {
  private static final ProvisionMethod IMMEDIATE = ProvisionMethod.PROVISION_METHOD_IMMEDIATE;
  private static final PeerId YAMANASHI = PeerId.prefecture("190004");
  private static final PeerId TERM = new PeerId(NodeRole.NODE_ROLE_PREF_TERMINAL, "190004-01");

  private final PrefPurposeCheck check =
      new PrefPurposeCheck(YAMANASHI, PrefJimuRegistry.forPrefecture("19"));

  @Test
  void allowsAJimuItsOfficeKeeps() {
    assertTrue(check.check(TERM, "H5-02", IMMEDIATE).isEmpty());
    assertTrue(check.check(TERM, "C-06", IMMEDIATE).isEmpty());
  }

  @Test
  void refusesEachRule() {
    assertRefused(check.check(TERM, "H5-05", IMMEDIATE), PrefPurposeCheck.RULE_NOT_OFFICE);
    assertRefused(check.check(TERM, "J01", IMMEDIATE), PrefPurposeCheck.RULE_UNKNOWN_JIMU);
    assertRefused(
        check.check(TERM, "H5-02", ProvisionMethod.PROVISION_METHOD_BATCH_LINE),
        PrefPurposeCheck.RULE_METHOD);
    assertRefused(
        check.check(new PeerId(NodeRole.NODE_ROLE_PREF_TERMINAL, "140007-01"), "H5-02", IMMEDIATE),
        PrefPurposeCheck.RULE_OTHER_PREFECTURE);
    assertRefused(
        check.check(new PeerId(NodeRole.NODE_ROLE_AGENCY, "A01"), "H5-02", IMMEDIATE),
        PrefPurposeCheck.RULE_NOT_TERMINAL);
  }

  @Test
  void individualNumberIsExcluded() {
    IdentityInfo person =
        IdentityInfo.newBuilder()
            .setJuminhyoCode("12345678901")
            .setIndividualNumber("123456789012")
            .build();
    NumberExcludedLookup lookup =
        new NumberExcludedLookup((key, asOf) -> new LookupResult(List.of(person), "", ""));
    LookupResult byNumber =
        lookup.lookup(ProvisionKey.newBuilder().setIndividualNumber("123456789012").build(), null);
    assertTrue(byNumber.matches().isEmpty());
    assertTrue(byNumber.invalidKey().contains("法第30条の15"));
    LookupResult byCode =
        lookup.lookup(
            ProvisionKey.newBuilder().setJuminhyoCode("12345678901").build(), LocalDate.now());
    assertEquals("", byCode.matches().get(0).getIndividualNumber());
    assertEquals("12345678901", byCode.matches().get(0).getJuminhyoCode());
  }

  private static void assertRefused(java.util.Optional<Refusal> refusal, String rule) {
    assertTrue(refusal.isPresent(), "expected refusal " + rule);
    assertEquals(rule, refusal.get().rule());
    assertEquals(ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED, refusal.get().code());
    assertTrue(
        refusal.get().message().contains("H5")
            || refusal.get().message().contains("J01")
            || refusal.get().message().contains(rule));
  }
}
