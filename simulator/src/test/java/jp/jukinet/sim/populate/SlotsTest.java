package jp.jukinet.sim.populate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import jp.jukinet.protocol.data.Municipalities;
import org.junit.jupiter.api.Test;

class SlotsTest {
  /** 山梨県 at 0.05: 甲府市 about 9,400 residents, the smallest villages a few dozen. */
  private static PopulationPlan yamanashi() {
    List<PopulationPlan.Place> places =
        Municipalities.yamanashi2020().stream()
            .map(m -> new PopulationPlan.Place(m.code6(), "山梨県" + m.name(), m.population()))
            .toList();
    return new PopulationPlan(
        places, 0.05, 1, LocalDate.of(2020, 10, 1), NameTable.bundled(), AgePyramid.census2020());
  }

  @Test
  void requestsInFlightFollowWhatEachMunicipalityHasLeft() {
    PopulationPlan plan = yamanashi();
    Slots slots = new Slots(plan, 100);
    int largest = 0;
    for (int m = 1; m < plan.places().size(); m++) {
      largest = plan.count(m) > plan.count(largest) ? m : largest;
    }
    int window = 60; // 6,000 residents: no CS reaches its bound of 4,000
    for (int i = 0; i < window; i++) {
      slots.claim();
    }
    double share = (double) plan.count(largest) / plan.total();
    int expected = (int) Math.round(share * window);
    int got = slots.inFlight(largest);
    assertTrue(
        Math.abs(got - expected) <= 2,
        "the largest holds " + got + " of " + window + " requests, about its share " + expected);
  }

  @Test
  void aCsHoldsAtMostItsBoundAndGetsASlotBackWhenOneIsAnswered() {
    PopulationPlan plan = yamanashi();
    Slots slots = new Slots(plan, 1000);
    List<Slots.Range> claimed = Stream.generate(slots::claim).takeWhile(Objects::nonNull).toList();
    int perCs = Slots.RESIDENTS_PER_CS / 1000;
    for (int m = 0; m < plan.places().size(); m++) {
      assertTrue(slots.inFlight(m) <= perCs, plan.places().get(m) + ": " + slots.inFlight(m));
    }
    // 甲府市 has more than 4 requests' worth: with none answered it gets no fifth
    Slots.Range first = claimed.get(0);
    assertEquals(perCs, slots.inFlight(first.place()));
    slots.done(first);
    Slots.Range again = slots.claim();
    assertEquals(first.place(), again.place(), "the slot answered goes back to the largest");
  }

  @Test
  void everyResidentIsClaimedOnceAndEachRangeStaysInItsMunicipality() {
    PopulationPlan plan = yamanashi();
    Slots slots = new Slots(plan, 100);
    List<Slots.Range> ranges = new ArrayList<>();
    Slots.Range r;
    int answered = 0;
    while (true) {
      r = slots.claim();
      if (r == null && answered == ranges.size()) {
        break;
      }
      if (r != null) {
        ranges.add(r);
      }
      if (r == null || ranges.size() % 3 == 0) {
        slots.done(ranges.get(answered++)); // answered in the order sent
      }
    }
    boolean[] seen = new boolean[(int) plan.total()];
    for (Slots.Range range : ranges) {
      assertTrue(range.size() >= 1 && range.size() <= 100, range.toString());
      long first = plan.first(range.place());
      assertTrue(range.from() >= first && range.to() <= first + plan.count(range.place()));
      for (long i = range.from(); i < range.to(); i++) {
        assertTrue(!seen[(int) i], "resident " + i + " claimed twice");
        seen[(int) i] = true;
      }
    }
    for (boolean s : seen) {
      assertTrue(s);
    }
    assertNull(slots.claim());
    assertEquals(plan.total(), ranges.stream().mapToLong(Slots.Range::size).sum());
  }
}
