package jp.jukinet.node.provision;

import static jp.jukinet.node.store.Changes.amend;
import static jp.jukinet.node.store.Changes.birth;
import static jp.jukinet.node.store.Changes.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.node.store.NodeDatabase;
import jp.jukinet.protocol.id.IndividualNumber;
import jp.jukinet.protocol.id.JuminhyoCode;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.Sex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RegistryLookupTest {
  private static final String KOFU = "192015";
  private static final Random RNG = new Random(3);

  @TempDir Path dir;
  private final LogFixture fx = new LogFixture();
  private NodeDatabase db;
  private IdentityRegistry registry;
  private RegistryLookup lookup;
  private final String hanako = JuminhyoCode.random(RNG).value();
  private final String hanakoNumber = IndividualNumber.random(RNG).value();
  private final String twin = JuminhyoCode.random(RNG).value();
  private final String renumbered = JuminhyoCode.random(RNG).value();

  @BeforeEach
  void registry() throws Exception {
    db = fx.open(dir);
    registry = new IdentityRegistry(db);
    lookup = new RegistryLookup(registry);
    IdentityInfo h = person(hanako, "山田 花子", "1990-01-02", hanakoNumber, "甲府市丸の内1-1");
    apply(birth(KOFU, 1, "1990-01-02", 1, h));
    // Another 山田花子 born the same day, male, elsewhere.
    IdentityInfo t =
        person(twin, "山田　花子", "1990-01-02", IndividualNumber.random(RNG).value(), "甲府市相生2-2");
    t = t.toBuilder().setFourItems(t.getFourItems().toBuilder().setSex(Sex.SEX_MALE)).build();
    apply(birth(KOFU, 2, "1990-01-02", 2, t));
    // 2020-06-01: hanako moves within 甲府市.
    apply(
        amend(
            KOFU,
            3,
            ChangeReason.CHANGE_REASON_MOVE_WITHIN,
            "2020-06-01",
            3,
            jp.jukinet.node.store.Changes.address(h, "甲府市北口3-3")));
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private void apply(IdentityChange c) throws Exception {
    db.commit(txn -> registry.apply(txn, c)).get(10, TimeUnit.SECONDS);
  }

  private static ProvisionKey code(String c) {
    return ProvisionKey.newBuilder().setJuminhyoCode(c).build();
  }

  private static ProvisionKey four(String name, String birth, Sex sex, String address) {
    return ProvisionKey.newBuilder()
        .setFourItems(
            FourItems.newBuilder()
                .setName(name)
                .setBirthDate(birth)
                .setSex(sex)
                .setAddress(address))
        .build();
  }

  private static List<String> codes(LookupResult r) {
    return r.matches().stream().map(IdentityInfo::getJuminhyoCode).toList();
  }

  @Test
  void byCodeCurrentAndAsOfADate() {
    LookupResult now = lookup.lookup(code(hanako), null);
    assertEquals(List.of(hanako), codes(now));
    assertEquals("甲府市北口3-3", now.matches().get(0).getFourItems().getAddress());
    LookupResult before = lookup.lookup(code(hanako), LocalDate.of(2020, 5, 31));
    assertEquals("甲府市丸の内1-1", before.matches().get(0).getFourItems().getAddress());
    assertTrue(lookup.lookup(code(hanako), LocalDate.of(1989, 12, 31)).matches().isEmpty());
    LookupResult unknown = lookup.lookup(code(JuminhyoCode.random(RNG).value()), null);
    assertTrue(unknown.matches().isEmpty());
    assertEquals("", unknown.invalidKey());
  }

  @Test
  void byIndividualNumber() {
    ProvisionKey key = ProvisionKey.newBuilder().setIndividualNumber(hanakoNumber).build();
    assertEquals(List.of(hanako), codes(lookup.lookup(key, null)));
    assertEquals(
        "甲府市丸の内1-1",
        lookup.lookup(key, LocalDate.of(2020, 1, 1)).matches().get(0).getFourItems().getAddress());
    ProvisionKey other =
        ProvisionKey.newBuilder().setIndividualNumber(IndividualNumber.random(RNG).value()).build();
    assertTrue(lookup.lookup(other, null).matches().isEmpty());
  }

  @Test
  void byFourItemsNormalisedAndNarrowed() {
    // Half-width space, no space, full-width: the one normaliser.
    LookupResult both = lookup.lookup(four("山田花子", "1990-01-02", Sex.SEX_UNSPECIFIED, ""), null);
    assertEquals(2, both.matches().size());
    assertEquals(
        List.of(hanako),
        codes(lookup.lookup(four("山田 花子", "1990-01-02", Sex.SEX_FEMALE, ""), null)));
    assertEquals(
        List.of(twin),
        codes(lookup.lookup(four("山田花子", "1990-01-02", Sex.SEX_UNSPECIFIED, "甲府市 相生2-2"), null)));
    assertTrue(
        lookup
            .lookup(four("山田花子", "1990-01-03", Sex.SEX_UNSPECIFIED, ""), null)
            .matches()
            .isEmpty());
    // As of a date: the person as then (the old address narrows).
    LookupResult then =
        lookup.lookup(four("山田花子", "1990-01-02", Sex.SEX_FEMALE, ""), LocalDate.of(2020, 5, 1));
    assertEquals("甲府市丸の内1-1", then.matches().get(0).getFourItems().getAddress());
  }

  @Test
  void aRetiredCodeAnswersThePersonUnderItsNewCode() throws Exception {
    IdentityInfo now = registry.current(hanako).orElseThrow();
    apply(
        amend(
                KOFU,
                4,
                ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
                "2020-07-01",
                4,
                now.toBuilder().setJuminhyoCode(renumbered).build())
            .toBuilder()
            .setPreviousJuminhyoCode(hanako)
            .build());
    LookupResult r = lookup.lookup(code(hanako), null);
    assertEquals(List.of(renumbered), codes(r));
    assertEquals(renumbered, r.replacedByCode());
    LookupResult current = lookup.lookup(code(renumbered), null);
    assertEquals("", current.replacedByCode());
  }

  @Test
  void malformedKeysAreNamed() {
    String bad = hanako.substring(0, 10) + ((hanako.charAt(10) - '0' + 1) % 10);
    assertTrue(lookup.lookup(code(bad), null).invalidKey().contains("check digit"));
    assertTrue(lookup.lookup(code("123"), null).invalidKey().contains("11 digits"));
    assertTrue(
        lookup
            .lookup(ProvisionKey.newBuilder().setIndividualNumber("12345678901x").build(), null)
            .invalidKey()
            .contains("個人番号"));
    assertTrue(
        lookup
            .lookup(four("  ", "1990-01-02", Sex.SEX_UNSPECIFIED, ""), null)
            .invalidKey()
            .contains("name"));
    assertTrue(
        lookup
            .lookup(four("山田花子", "1990-13-02", Sex.SEX_UNSPECIFIED, ""), null)
            .invalidKey()
            .contains("birth date"));
    assertTrue(
        lookup.lookup(ProvisionKey.getDefaultInstance(), null).invalidKey().contains("no key"));
  }
}
