package jp.jukinet.node.store;

import static jp.jukinet.node.store.Changes.address;
import static jp.jukinet.node.store.Changes.amend;
import static jp.jukinet.node.store.Changes.birth;
import static jp.jukinet.node.store.Changes.person;
import static jp.jukinet.node.store.Changes.record;
import static jp.jukinet.node.store.Changes.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class IdentityRegistryTest {
  private static final String KOFU = "192015";
  private static final String FUJIYOSHIDA = "192023";
  private static final String TSURU = "192040";

  @TempDir Path dir;
  private final StoreFixture fx = new StoreFixture();
  private NodeDatabase db;
  private IdentityRegistry registry;

  @BeforeEach
  void open() {
    db = fx.open("national", dir);
    registry = new IdentityRegistry(db);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  private void apply(IdentityChange... changes) throws Exception {
    applyEach(List.of(changes));
  }

  /** One commit per change. */
  private void applyEach(List<IdentityChange> changes) throws Exception {
    List<CompletableFuture<Void>> fs = new ArrayList<>();
    for (IdentityChange c : changes) {
      fs.add(db.commit(txn -> registry.apply(txn, c)));
    }
    CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }

  /** All changes in one batch. */
  private void applyTogether(List<IdentityChange> changes) throws Exception {
    db.commit(
            txn -> {
              for (IdentityChange c : changes) {
                registry.apply(txn, c);
              }
            })
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void birthThenMoveWithinKeepsHistoryCurrentAndAsOf() throws Exception {
    IdentityInfo p = person("10000000001", "山田 花子", "2000-01-01", "100000000001", "甲府市丸の内1");
    apply(
        birth(KOFU, 1, "2000-01-01", 1000, p),
        amend(
            KOFU,
            2,
            ChangeReason.CHANGE_REASON_MOVE_WITHIN,
            "2020-04-01",
            2000,
            address(p, "甲府市相生2")));

    IdentityInfo now = registry.current("10000000001").orElseThrow();
    assertEquals("甲府市相生2", now.getFourItems().getAddress());
    assertEquals(KOFU, now.getMunicipalityCode());
    assertFalse(now.getRemoved());
    assertEquals(2, registry.history("10000000001").size());
    assertEquals(
        "甲府市丸の内1",
        registry
            .asOf("10000000001", LocalDate.of(2020, 3, 31))
            .orElseThrow()
            .getFourItems()
            .getAddress());
    assertEquals(
        "甲府市相生2",
        registry
            .asOf("10000000001", LocalDate.of(2020, 4, 1))
            .orElseThrow()
            .getFourItems()
            .getAddress());
    assertTrue(registry.asOf("10000000001", LocalDate.of(1999, 12, 31)).isEmpty());
    assertEquals(1, registry.count());
    assertEquals(List.of(now), registry.listRecords(KOFU, null, 10));
  }

  @Test
  void romanisedNamesMatchWhateverTheirCaseAndWidth() throws Exception {
    IdentityInfo kim = person("10000000003", "KIM MINJUN", "1988-08-08", "100000000004", "甲府市");
    apply(birth(KOFU, 1, "1988-08-08", 1000, kim));
    assertEquals(List.of("10000000003"), codes(registry.byFourItems("kim minjun", "1988-08-08")));
    assertEquals(List.of("10000000003"), codes(registry.byFourItems("Kim　Minjun", "1988-08-08")));
    assertEquals(List.of("10000000003"), codes(registry.byFourItems("ｋｉｍ ｍｉｎｊｕｎ", "1988-08-08")));
    assertTrue(registry.byFourItems("kim minjun", "1988-08-09").isEmpty());
  }

  private static List<String> codes(List<IdentityInfo> found) {
    return found.stream().map(IdentityInfo::getJuminhyoCode).toList();
  }

  @Test
  void indexesFollowEveryChangeAndOldEntriesGo() throws Exception {
    IdentityInfo p = person("10000000002", "ﾔﾏﾀﾞ　ﾊﾅｺ", "1990-05-05", "100000000002", "甲府市");
    apply(birth(KOFU, 1, "1990-05-05", 1000, p));
    // 4情報 lookups are NFKC + whitespace-insensitive.
    assertEquals(1, registry.byFourItems("ヤマダ ハナコ", "1990-05-05").size());
    assertEquals(1, registry.byFourItems("ヤマダハナコ", "1990-05-05").size());
    assertTrue(registry.byFourItems("ヤマダハナコ", "1990-05-06").isEmpty());

    IdentityInfo renamed =
        p.toBuilder()
            .setIndividualNumber("100000000003")
            .setFourItems(p.getFourItems().toBuilder().setName("鈴木 花子"))
            .build();
    apply(
        amend(
            KOFU,
            2,
            ChangeReason.CHANGE_REASON_NAME_CHANGE,
            "2021-01-01",
            2000,
            p.toBuilder().setFourItems(renamed.getFourItems()).build()),
        amend(
            KOFU,
            3,
            ChangeReason.CHANGE_REASON_INDIVIDUAL_NUMBER_CHANGE,
            "2021-02-01",
            3000,
            renamed));

    assertTrue(registry.byFourItems("ヤマダハナコ", "1990-05-05").isEmpty());
    assertEquals(
        "10000000002", registry.byFourItems("鈴木花子", "1990-05-05").get(0).getJuminhyoCode());
    assertTrue(registry.byIndividualNumber("100000000002").isEmpty());
    assertEquals(
        "10000000002", registry.byIndividualNumber("100000000003").orElseThrow().getJuminhyoCode());

    // 死亡: the record stays (marked removed) and leaves the municipality listing.
    apply(remove(KOFU, 4, ChangeReason.CHANGE_REASON_DEATH, "2022-01-01", 4000, renamed));
    assertTrue(registry.current("10000000002").orElseThrow().getRemoved());
    assertTrue(registry.byIndividualNumber("100000000003").orElseThrow().getRemoved());
    assertTrue(registry.listRecords(KOFU, null, 10).isEmpty());
    assertEquals(1, registry.count());
  }

  @Test
  void listRecordsPagesInCodeOrder() throws Exception {
    List<IdentityChange> births = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      births.add(
          birth(
              KOFU,
              i + 1,
              "2010-01-01",
              i,
              person(
                  String.format("2000000%04d", i),
                  "子 " + i,
                  "2010-01-01",
                  String.format("20000000%04d", i),
                  "甲府市")));
    }
    births.add(
        birth(TSURU, 1, "2010-01-01", 1, person("29999999999", "別人", "2010-01-01", "", "都留市")));
    applyTogether(births);
    List<String> seen = new ArrayList<>();
    String after = null;
    for (; ; ) {
      List<IdentityInfo> page = registry.listRecords(KOFU, after, 10);
      if (page.isEmpty()) {
        break;
      }
      page.forEach(i -> seen.add(i.getJuminhyoCode()));
      after = page.get(page.size() - 1).getJuminhyoCode();
    }
    assertEquals(25, seen.size());
    List<String> sorted = new ArrayList<>(seen);
    Collections.sort(sorted);
    assertEquals(sorted, seen);
    assertEquals(26, registry.count());
  }

  /** A move 甲府市 → 富士吉田市 with 転出 (planned date), 転入, 転出確定 and a later 転居. */
  private static List<IdentityChange> moveHistory(String code, String number) {
    IdentityInfo p = person(code, "移動 太郎", "1980-01-01", number, "甲府市");
    IdentityInfo atB = address(p, "富士吉田市1");
    return List.of(
        birth(KOFU, 1, "1980-01-01", 100, p),
        remove(KOFU, 2, ChangeReason.CHANGE_REASON_MOVE_OUT, "2020-04-10", 1000, p),
        record(FUJIYOSHIDA, 1, ChangeReason.CHANGE_REASON_MOVE_IN, "2020-04-05", 2000, atB),
        remove(KOFU, 3, ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED, "2020-04-05", 3000, p),
        amend(
            FUJIYOSHIDA,
            2,
            ChangeReason.CHANGE_REASON_MOVE_WITHIN,
            "2020-05-01",
            4000,
            address(p, "富士吉田市2")));
  }

  private static void permutations(
      List<Integer> prefix, List<Integer> rest, List<List<Integer>> out) {
    if (rest.isEmpty()) {
      out.add(prefix);
      return;
    }
    for (Integer r : rest) {
      List<Integer> p = new ArrayList<>(prefix);
      p.add(r);
      List<Integer> q = new ArrayList<>(rest);
      q.remove(r);
      permutations(p, q, out);
    }
  }

  @Test
  void everyArrivalOrderOfAMoveConvergesToTheNewMunicipality() throws Exception {
    List<List<Integer>> orders = new ArrayList<>();
    permutations(List.of(), List.of(0, 1, 2, 3, 4), orders);
    assertEquals(120, orders.size());
    int n = 0;
    for (List<Integer> order : orders) {
      String code = String.format("3%010d", n);
      List<IdentityChange> h = moveHistory(code, String.format("3%011d", n));
      List<IdentityChange> arrival = new ArrayList<>();
      order.forEach(i -> arrival.add(h.get(i)));
      if (n % 2 == 0) {
        applyEach(arrival);
      } else {
        applyTogether(arrival);
      }
      IdentityInfo cur = registry.current(code).orElseThrow();
      assertEquals(FUJIYOSHIDA, cur.getMunicipalityCode(), "order " + order);
      assertFalse(cur.getRemoved(), "order " + order);
      assertEquals("富士吉田市2", cur.getFourItems().getAddress(), "order " + order);
      n++;
    }
    assertEquals(120, registry.count());
    assertEquals(120, registry.listRecords(FUJIYOSHIDA, null, 1000).size());
    assertTrue(registry.listRecords(KOFU, null, 1000).isEmpty());
    // Between the 転出 (planned 04-10) and the 転入 (04-05) the person was already in 富士吉田市.
    IdentityInfo mid =
        registry.asOf(String.format("3%010d", 7), LocalDate.of(2020, 4, 6)).orElseThrow();
    assertEquals(FUJIYOSHIDA, mid.getMunicipalityCode());
    IdentityInfo before =
        registry.asOf(String.format("3%010d", 7), LocalDate.of(2020, 4, 4)).orElseThrow();
    assertEquals(KOFU, before.getMunicipalityCode());
  }

  @Test
  void juminhyoCodeChangeRetiresTheOldCodeEverywhere() throws Exception {
    IdentityInfo p = person("40000000001", "変更 一郎", "1985-03-03", "400000000001", "甲府市");
    IdentityInfo renumbered = p.toBuilder().setJuminhyoCode("40000000002").build();
    apply(birth(KOFU, 1, "1985-03-03", 100, p));
    IdentityChange codeChange =
        amend(
                KOFU,
                2,
                ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
                "2020-06-01",
                200,
                renumbered)
            .toBuilder()
            .setPreviousJuminhyoCode("40000000001")
            .build();
    apply(codeChange);

    assertTrue(registry.current("40000000001").isEmpty());
    assertTrue(registry.history("40000000001").isEmpty());
    assertTrue(registry.asOf("40000000001", LocalDate.of(2000, 1, 1)).isEmpty());
    assertEquals("40000000002", registry.current("40000000002").orElseThrow().getJuminhyoCode());
    assertEquals(2, registry.history("40000000002").size());
    // Even as of a date before the change, the record answers with the current code only.
    assertEquals(
        "40000000002",
        registry.asOf("40000000002", LocalDate.of(2000, 1, 1)).orElseThrow().getJuminhyoCode());
    assertEquals(
        "40000000002", registry.byIndividualNumber("400000000001").orElseThrow().getJuminhyoCode());
    List<IdentityInfo> byName = registry.byFourItems("変更一郎", "1985-03-03");
    assertEquals(1, byName.size());
    assertEquals("40000000002", byName.get(0).getJuminhyoCode());
    assertEquals(
        List.of("40000000002"),
        registry.listRecords(KOFU, null, 10).stream().map(IdentityInfo::getJuminhyoCode).toList());
    assertEquals(Optional.of("40000000002"), registry.retiredCodeSuccessor("40000000001"));
    assertTrue(registry.retiredCodeSuccessor("40000000002").isEmpty());
    assertEquals(1, registry.count());

    // A change still carrying the old code (sent before the change was known) is filed under the
    // new one.
    apply(
        amend(
            KOFU,
            3,
            ChangeReason.CHANGE_REASON_MOVE_WITHIN,
            "2020-05-01",
            150,
            address(p, "甲府市旧番地")));
    assertEquals(3, registry.history("40000000002").size());
    assertTrue(registry.current("40000000001").isEmpty());

    // A second change: the first old code follows the chain.
    IdentityChange again =
        amend(
                KOFU,
                4,
                ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
                "2021-06-01",
                300,
                renumbered.toBuilder().setJuminhyoCode("40000000003").build())
            .toBuilder()
            .setPreviousJuminhyoCode("40000000002")
            .build();
    apply(again);
    assertEquals(Optional.of("40000000003"), registry.retiredCodeSuccessor("40000000001"));
    assertEquals(Optional.of("40000000003"), registry.retiredCodeSuccessor("40000000002"));
    assertTrue(registry.current("40000000002").isEmpty());
    assertEquals(4, registry.history("40000000003").size());
    assertEquals(1, registry.count());
  }

  @Test
  void aChangeUnderARetiredCodeIsFiledUnderItsSuccessorAfterAReopen() throws Exception {
    IdentityInfo p = person("42000000001", "再開 四郎", "1985-03-03", "", "甲府市");
    apply(birth(KOFU, 1, "1985-03-03", 100, p));
    apply(
        amend(
                KOFU,
                2,
                ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
                "2020-06-01",
                200,
                p.toBuilder().setJuminhyoCode("42000000002").build())
            .toBuilder()
            .setPreviousJuminhyoCode("42000000001")
            .build());
    fx.close(db);
    db = fx.open("national", dir);
    registry = new IdentityRegistry(db);
    // The retired codes are known again after the reopen: this change, sent under the old code, is
    // not a new person.
    apply(
        amend(
            KOFU,
            3,
            ChangeReason.CHANGE_REASON_MOVE_WITHIN,
            "2021-05-01",
            300,
            address(p, "甲府市新番地")));
    assertTrue(registry.current("42000000001").isEmpty());
    assertEquals(3, registry.history("42000000002").size());
    assertEquals(
        "甲府市新番地", registry.current("42000000002").orElseThrow().getFourItems().getAddress());
    assertEquals(1, registry.count());
  }

  @Test
  void codeChangeInTheSameBatchAsEarlierChangesOfThePerson() throws Exception {
    IdentityInfo p = person("41000000001", "同時 二郎", "1985-03-03", "", "甲府市");
    applyTogether(
        List.of(
            birth(KOFU, 1, "1985-03-03", 100, p),
            amend(
                    KOFU,
                    2,
                    ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
                    "2020-06-01",
                    200,
                    p.toBuilder().setJuminhyoCode("41000000002").build())
                .toBuilder()
                .setPreviousJuminhyoCode("41000000001")
                .build()));
    assertTrue(registry.current("41000000001").isEmpty());
    assertEquals(2, registry.history("41000000002").size());
    assertEquals(1, registry.count());
  }

  @Test
  void stagedCodeAndHistorySeeThisBatchsChanges() throws Exception {
    IdentityInfo p = person("42000000001", "段階 三子", "1985-03-03", "", "甲府市");
    apply(birth(KOFU, 1, "1985-03-03", 100, p));
    IdentityChange codeChange =
        amend(
                KOFU,
                2,
                ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
                "2020-06-01",
                200,
                p.toBuilder().setJuminhyoCode("42000000002").build())
            .toBuilder()
            .setPreviousJuminhyoCode("42000000001")
            .build();
    List<String> seen = new ArrayList<>();
    AtomicReference<Txn> escaped = new AtomicReference<>();
    db.commit(
            txn -> {
              escaped.set(txn);
              seen.add(registry.stagedCode(txn, "42000000001"));
              registry.apply(txn, codeChange);
              seen.add(registry.stagedCode(txn, "42000000001"));
              seen.add(registry.stagedCode(txn, "42000000002"));
              registry
                  .stagedHistory(txn, "42000000001")
                  .forEach(c -> seen.add(c.getSourceMunicipality() + "#" + c.getSequence()));
            })
        .get(30, TimeUnit.SECONDS);
    assertEquals(
        List.of("42000000001", "42000000002", "42000000002", KOFU + "#1", KOFU + "#2"), seen);
    assertThrows(
        IllegalStateException.class,
        () -> registry.stagedCode(escaped.get(), "42000000001"),
        "only while its transaction is staged");
  }

  @Test
  void aFormerMunicipalitysCodeChangeNoticesApplyInAnyOrderAndTwice() throws Exception {
    // As at a former prefecture server: the person's 除票 from 甲府市, then two code changes made
    // in 富士吉田市 (old → mid → new), whose notices arrive newest first and then again.
    IdentityInfo p = person("43000000001", "順不同 四郎", "1985-03-03", "430000000001", "甲府市");
    apply(
        birth(KOFU, 1, "1985-03-03", 100, p),
        remove(KOFU, 2, ChangeReason.CHANGE_REASON_MOVE_OUT, "2020-01-01", 150, p));
    IdentityInfo there =
        p.toBuilder().setFourItems(p.getFourItems().toBuilder().setAddress("富士吉田市")).build();
    IdentityChange first =
        amend(
                FUJIYOSHIDA,
                2,
                ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
                "2020-06-01",
                200,
                there.toBuilder().setJuminhyoCode("43000000002").build())
            .toBuilder()
            .setPreviousJuminhyoCode("43000000001")
            .build();
    IdentityChange second =
        amend(
                FUJIYOSHIDA,
                3,
                ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE,
                "2020-07-01",
                300,
                there.toBuilder().setJuminhyoCode("43000000003").build())
            .toBuilder()
            .setPreviousJuminhyoCode("43000000002")
            .build();
    apply(second);
    apply(first);
    apply(second, first);
    for (String gone : List.of("43000000001", "43000000002")) {
      assertTrue(registry.current(gone).isEmpty(), gone);
      assertTrue(registry.history(gone).isEmpty(), gone);
      assertEquals(Optional.of("43000000003"), registry.retiredCodeSuccessor(gone));
    }
    IdentityInfo now = registry.current("43000000003").orElseThrow();
    assertTrue(
        now.getRemoved(), "still 甲府市's 除票: the other municipality's 修正 does not apply to it");
    assertEquals(KOFU, now.getMunicipalityCode());
    assertEquals("甲府市", now.getFourItems().getAddress());
    assertEquals(4, registry.history("43000000003").size());
    assertEquals(1, registry.count());
    assertEquals(
        "43000000003", registry.byIndividualNumber("430000000001").orElseThrow().getJuminhyoCode());
  }

  @Test
  void aMalformedChangeIsRefusedAndChangesNothing() throws Exception {
    IdentityInfo p = person("50000000001", "不正 三郎", "1990-01-01", "", "甲府市");
    IdentityChange good = birth(KOFU, 1, "1990-01-01", 1, p);
    IdentityChange bad = good.toBuilder().setReasonDate("1990/01/01").build();
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> db.commit(txn -> registry.apply(txn, bad)).get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IllegalArgumentException, e.getCause().toString());
    assertEquals(0, registry.count());
    assertTrue(registry.current("50000000001").isEmpty());
    apply(good);
    assertEquals(1, registry.count());
  }

  @Test
  void survivesReopen() throws Exception {
    List<IdentityChange> h = moveHistory("60000000001", "600000000001");
    applyEach(h);
    IdentityInfo before = registry.current("60000000001").orElseThrow();
    fx.close(db);
    db = fx.open("national", dir);
    registry = new IdentityRegistry(db);
    assertEquals(before, registry.current("60000000001").orElseThrow());
    assertEquals(5, registry.history("60000000001").size());
    assertEquals(1, registry.count());
  }
}
