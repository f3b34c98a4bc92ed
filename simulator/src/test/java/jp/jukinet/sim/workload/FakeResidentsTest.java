package jp.jukinet.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.Sex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FakeResidentsTest {
  @Test
  void aSeedGivesTheSamePeople() {
    Random a = new Random(7);
    Random b = new Random(7);
    for (int i = 0; i < 20; i++) {
      Sex sex = FakeResidents.sex(a);
      assertEquals(sex, FakeResidents.sex(b));
      assertEquals(FakeResidents.name(sex, a), FakeResidents.name(sex, b));
      assertEquals(FakeResidents.address("甲府市", a), FakeResidents.address("甲府市", b));
    }
  }

  @Test
  void namesAreFamilyThenGivenAndAddressesLieInTheMunicipality() {
    Random r = new Random(1);
    assertTrue(FakeResidents.name(Sex.SEX_FEMALE, r).matches("\\S+ \\S+"));
    assertTrue(FakeResidents.address("甲府市", r).matches("甲府市\\S+\\d-\\d+-\\d+"));
  }

  @Test
  void numberedResidentsAreDistinct() {
    FourItems one = FakeResidents.numbered(1, "合成市", "2021-04-01");
    FourItems two = FakeResidents.numbered(2, "合成市", "2021-04-01");
    assertNotEquals(one.getName(), two.getName());
    assertNotEquals(one.getAddress(), two.getAddress());
    assertEquals(one, FakeResidents.numbered(1, "合成市", "2021-04-01"));
  }

  @Test
  void aMoveInCarriesThePersonFromTheOldMunicipality() {
    FourItems items = FakeResidents.numbered(3, "甲府市", "2000-01-01");
    IdentityInfo before =
        IdentityInfo.newBuilder()
            .setJuminhyoCode("12345678901")
            .setIndividualNumber("123456789018")
            .setFourItems(items)
            .build();
    ResidentOperationRequest r = ResidentRequests.moveIn(before, "192015", "富士吉田市1-1").build();
    assertEquals(items.toBuilder().setAddress("富士吉田市1-1").build(), r.getMoveIn().getFourItems());
    assertEquals("12345678901", r.getMoveIn().getPreviousJuminhyoCode());
    assertEquals("123456789018", r.getMoveIn().getIndividualNumber());
    assertEquals("192015", r.getMoveIn().getPreviousMunicipality());
    assertEquals(items.getAddress(), r.getMoveIn().getPreviousAddress());
  }
}
