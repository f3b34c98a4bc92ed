package jp.jukinet.node.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import jp.jukinet.node.store.Changes;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.wire.PeerText;
import org.junit.jupiter.api.Test;

class ChangeFieldsTest {
  private static IdentityChange byOperator(String operator) {
    return Changes.birth(
            "192015",
            1,
            "2020-04-01",
            1,
            Changes.person("12345678901", "山田 花子", "2020-04-01", "", "甲府市"))
        .toBuilder()
        .setOperatorId(operator)
        .build();
  }

  private static String refusal(String operator) {
    return ChangeFields.refusal(List.of(byOperator(operator)));
  }

  @Test
  void operatorIsEmptyOrTheSourceWithAnIdOfUpTo57Characters() {
    assertNull(refusal(""));
    assertNull(refusal("192015-a"));
    assertNull(refusal("192015-Op_01-x"));
    assertNull(refusal("192015-" + "z".repeat(57)));
  }

  @Test
  void anyOtherOperatorIsRefusedNamingTheField() {
    for (String bad :
        List.of(
            "192015",
            "192015-",
            "192023-01",
            "1920150-1",
            "192015_01",
            "192015-01.2",
            "192015-山田",
            "192015-" + "z".repeat(58))) {
      assertEquals(
          "identity_change_batch.changes[0].operator_id "
              + PeerText.quote(bad)
              + " is neither empty nor 192015-<id>",
          refusal(bad),
          bad);
    }
  }
}
