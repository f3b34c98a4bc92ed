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

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import jp.jukinet.protocol.proto.ChangeOperation;
import jp.jukinet.protocol.proto.ChangeReason;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.IdentityInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convergence rule without storage: each row is a history and the record it must converge to,
 * checked for every arrival order of its changes (etcd raft's data-driven {@code Step} tests).
 */
@Timeout(60)
class ChangeReplayTest {
  private static final String KOFU = "192015";
  private static final String FUJIYOSHIDA = "192023";
  private static final String TSURU = "192040";
  private static final String CODE = "10000000001";
  private static final IdentityInfo P = person(CODE, "移動 太郎", "1980-01-01", "100000000001", "甲府市");

  /**
   * Name, history, and the record it converges to: municipality, removed, address (null
   * municipality: no record).
   */
  static Stream<Arguments> histories() {
    IdentityChange born = birth(KOFU, 1, "1980-01-01", 100, P);
    IdentityChange moveOut =
        remove(KOFU, 2, ChangeReason.CHANGE_REASON_MOVE_OUT, "2020-04-10", 1000, P);
    IdentityChange moveIn =
        record(
            FUJIYOSHIDA,
            1,
            ChangeReason.CHANGE_REASON_MOVE_IN,
            "2020-04-05",
            2000,
            address(P, "富士吉田市1"));
    IdentityChange confirmed =
        remove(KOFU, 3, ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED, "2020-04-05", 3000, P);
    IdentityChange within =
        amend(
            FUJIYOSHIDA,
            2,
            ChangeReason.CHANGE_REASON_MOVE_WITHIN,
            "2020-05-01",
            4000,
            address(P, "富士吉田市2"));
    IdentityChange staleAmend =
        amend(
            KOFU,
            4,
            ChangeReason.CHANGE_REASON_MOVE_WITHIN,
            "2020-06-01",
            5000,
            address(P, "甲府市2"));
    IdentityChange death =
        remove(
            FUJIYOSHIDA,
            3,
            ChangeReason.CHANGE_REASON_DEATH,
            "2021-01-01",
            6000,
            address(P, "富士吉田市2"));
    return Stream.of(
        Arguments.of("birth alone", List.of(born), KOFU, false, "甲府市"),
        Arguments.of(
            "a 消除 of another municipality changes nothing",
            List.of(
                born, remove(TSURU, 1, ChangeReason.CHANGE_REASON_MOVE_OUT, "2000-01-01", 200, P)),
            KOFU,
            false,
            "甲府市"),
        Arguments.of("a 修正 before any 記載 is no record", List.of(within), null, false, null),
        Arguments.of(
            "転出 then 転入 dated earlier: the new municipality wins",
            List.of(born, moveOut, moveIn),
            FUJIYOSHIDA,
            false,
            "富士吉田市1"),
        Arguments.of(
            "the whole move",
            List.of(born, moveOut, moveIn, confirmed, within),
            FUJIYOSHIDA,
            false,
            "富士吉田市2"),
        Arguments.of(
            "the old municipality's late 修正 does not touch the new record",
            List.of(born, moveIn, confirmed, staleAmend),
            FUJIYOSHIDA,
            false,
            "富士吉田市1"),
        Arguments.of(
            "死亡 keeps the record, removed",
            List.of(born, moveIn, confirmed, within, death),
            FUJIYOSHIDA,
            true,
            "富士吉田市2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void everyArrivalOrderConverges(
      String name,
      List<IdentityChange> history,
      String municipality,
      boolean removed,
      String address) {
    IdentityInfo expected = ChangeReplay.converge(CODE, history);
    if (municipality == null) {
      assertEquals(null, expected);
    } else {
      assertEquals(municipality, expected.getMunicipalityCode());
      assertEquals(removed, expected.getRemoved());
      assertEquals(address, expected.getFourItems().getAddress());
      assertEquals(CODE, expected.getJuminhyoCode());
    }
    for (List<IdentityChange> order : permutations(history)) {
      ChangeReplay.Person person = new ChangeReplay.Person(CODE);
      order.forEach(person::arrive);
      assertEquals(expected, person.current(), "arrival order " + ids(order));
    }
  }

  @Test
  void asOfReplaysOnlyChangesDatedUpToTheDay() {
    List<IdentityChange> sorted =
        List.of(
            birth(KOFU, 1, "1980-01-01", 100, P),
            record(
                FUJIYOSHIDA,
                1,
                ChangeReason.CHANGE_REASON_MOVE_IN,
                "2020-04-05",
                2000,
                address(P, "富士吉田市1")));
    assertEquals(null, ChangeReplay.replay(CODE, sorted, LocalDate.of(1979, 12, 31)));
    assertEquals(
        KOFU, ChangeReplay.replay(CODE, sorted, LocalDate.of(2020, 4, 4)).getMunicipalityCode());
    assertEquals(
        FUJIYOSHIDA,
        ChangeReplay.replay(CODE, sorted, LocalDate.of(2020, 4, 5)).getMunicipalityCode());
  }

  @Test
  void randomLivesConvergeWhateverTheArrivalOrder() {
    Random random = new Random(20240401);
    String[] towns = {KOFU, FUJIYOSHIDA, TSURU};
    for (int n = 0; n < 50; n++) {
      // A random life: born somewhere, moves between towns (転出 + 転入 + 転出確定), 転居.
      List<IdentityChange> life = new ArrayList<>();
      long[] seqs = new long[3];
      int town = random.nextInt(3);
      IdentityInfo p = person(CODE, "人 " + n, "1970-01-01", "", towns[town]);
      LocalDate date = LocalDate.of(1970, 1, 1);
      long at = 1;
      life.add(birth(towns[town], ++seqs[town], date.toString(), at++, p));
      for (int step = 0; step < 6; step++) {
        date = date.plusDays(1 + random.nextInt(400));
        if (random.nextBoolean()) {
          p = address(p, towns[town] + "-" + step);
          life.add(
              amend(
                  towns[town],
                  ++seqs[town],
                  ChangeReason.CHANGE_REASON_MOVE_WITHIN,
                  date.toString(),
                  at++,
                  p));
        } else {
          int to = (town + 1 + random.nextInt(2)) % 3;
          LocalDate planned = date.plusDays(random.nextInt(20) - 10);
          life.add(
              remove(
                  towns[town],
                  ++seqs[town],
                  ChangeReason.CHANGE_REASON_MOVE_OUT,
                  planned.toString(),
                  at++,
                  p));
          p = address(p, towns[to] + "-" + step);
          life.add(
              record(
                  towns[to],
                  ++seqs[to],
                  ChangeReason.CHANGE_REASON_MOVE_IN,
                  date.toString(),
                  at++,
                  p));
          life.add(
              remove(
                  towns[town],
                  ++seqs[town],
                  ChangeReason.CHANGE_REASON_MOVE_OUT_CONFIRMED,
                  date.toString(),
                  at++,
                  p));
          town = to;
        }
      }
      IdentityInfo expected = ChangeReplay.converge(CODE, life);
      assertEquals(towns[town], expected.getMunicipalityCode(), "life " + n);
      assertEquals(
          p.getFourItems().getAddress(), expected.getFourItems().getAddress(), "life " + n);
      assertFalse(expected.getRemoved(), "life " + n);
      for (int shuffle = 0; shuffle < 20; shuffle++) {
        List<IdentityChange> arrival = new ArrayList<>(life);
        Collections.shuffle(arrival, random);
        ChangeReplay.Person person = new ChangeReplay.Person(CODE);
        arrival.forEach(person::arrive);
        assertEquals(expected, person.current(), "life " + n + ", arrival " + ids(arrival));
      }
    }
  }

  static Stream<Arguments> malformed() {
    IdentityChange good = birth(KOFU, 1, "1990-01-01", 1, P);
    return Stream.of(
        Arguments.of(
            good.toBuilder().setReasonDate("1990/01/01").build(), "reason_date '1990/01/01'"),
        Arguments.of(good.toBuilder().setSourceMunicipality("").build(), "source_municipality"),
        Arguments.of(good.toBuilder().setSequence(0).build(), "sequence"),
        Arguments.of(
            good.toBuilder().setOperation(ChangeOperation.CHANGE_OPERATION_UNSPECIFIED).build(),
            "operation"),
        Arguments.of(
            good.toBuilder().setReason(ChangeReason.CHANGE_REASON_UNSPECIFIED).build(), "reason"),
        Arguments.of(good.toBuilder().clearIdentity().build(), "juminhyo_code"),
        Arguments.of(
            amend(KOFU, 1, ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE, "2020-01-01", 1, P),
            "previous_juminhyo_code"),
        Arguments.of(
            record(KOFU, 1, ChangeReason.CHANGE_REASON_JUMINHYO_CODE_CHANGE, "2020-01-01", 1, P)
                .toBuilder()
                .setPreviousJuminhyoCode("10000000002")
                .build(),
            "must be a 修正"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("malformed")
  void malformedChangesAreRefusedByName(IdentityChange change, String word) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ChangeReplay.validate(change));
    assertTrue(e.getMessage().contains(word), e.getMessage());
  }

  private static List<List<IdentityChange>> permutations(List<IdentityChange> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<IdentityChange>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<IdentityChange> rest = new ArrayList<>(items);
      IdentityChange first = rest.remove(i);
      for (List<IdentityChange> tail : permutations(rest)) {
        List<IdentityChange> order = new ArrayList<>(tail.size() + 1);
        order.add(first);
        order.addAll(tail);
        out.add(order);
      }
    }
    return out;
  }

  private static List<String> ids(List<IdentityChange> order) {
    return order.stream().map(ChangeReplay::id).toList();
  }
}
