package jp.jukinet.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import jp.jukinet.protocol.config.SimulatedCalendar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * provision_mix, repeat, together and monthly weights parse and are refused with their line and
 * reason; a monthly repeat keeps its day of the month.
 */
class CalendarStepsTest {
  private static final Path FILE = Path.of("cal.yaml");
  private static final String HEADER =
      "name: t\ntopology: synthetic:1x2\ncalendar: {clock: 2020-03-31T00:00+09:00, clock_rate:"
          + " 1day/1s}\ntimeline:\n";

  @Test
  void readsTheCalendarSteps() {
    Scenario s =
        ScenarioParser.parse(
            FILE,
            HEADER
                + "  - together:\n"
                + "      - provision_mix: {rate: 200/day simulated, duration: 10days simulated,"
                + " batch_every: 7days simulated}\n"
                + "      - operations: {rate: 5/day simulated, duration: 10days simulated,"
                + " mix: {move: 1}, monthly: {3: 2, 4: 1.5}}\n"
                + "  - repeat:\n"
                + "      every: 1month simulated\n"
                + "      at: 2020-04-10\n"
                + "      times: 3\n"
                + "      step: {provision_mix: {agencies: [A20], methods: [line], rate: 10/day"
                + " simulated, duration: 1day simulated}}\n");
    TogetherStep t = (TogetherStep) s.timeline().get(0);
    ProvisionMixStep m = (ProvisionMixStep) t.steps().get(0);
    assertEquals("fy2020", m.mix());
    OperationsStep o = (OperationsStep) t.steps().get(1);
    assertEquals(1.5, o.monthly().at(Instant.parse("2020-04-15T00:00:00Z")));
    assertEquals(1.0, o.monthly().at(Instant.parse("2020-05-15T00:00:00Z")));
    RepeatStep r = (RepeatStep) s.timeline().get(1);
    assertEquals(1, r.every().months());
    assertEquals(
        1.0,
        ((ProvisionMixStep) r.step())
            .shares()
            .share(jp.jukinet.protocol.proto.ProvisionMethod.PROVISION_METHOD_BATCH_LINE));
  }

  @Test
  void aMonthlyRepeatKeepsItsDayOfTheMonth() {
    Timebase time =
        new Timebase(SimulatedCalendar.parse("2020-01-01T00:00+09:00", "1day/1s", Instant.now()));
    Every every = Every.parse("1month simulated");
    Instant first = Moment.parse("2020-01-31").date();
    assertEquals(Moment.parse("2020-02-29").date(), every.nth(first, 1, time));
    assertEquals(Moment.parse("2020-03-31").date(), every.nth(first, 2, time));
    assertEquals(
        Moment.parse("2020-01-03").date(),
        Every.parse("1day simulated").nth(Moment.parse("2020-01-01").date(), 2, time));
    assertEquals(
        Moment.parse("2020-05-01").date(), Timebase.nextMonth(Moment.parse("2020-04-10").date()));
  }

  static Stream<Object[]> malformed() {
    String mix = "{rate: 1/day simulated, duration: 1day simulated}";
    return Stream.of(
        new Object[] {
          HEADER
              + "  - provision_mix: {mix: fy2019, rate: 1/day simulated, duration: 1day simulated}\n",
          "unknown mix 'fy2019'"
        },
        new Object[] {
          HEADER
              + "  - provision_mix: {agencies: [A99], rate: 1/day simulated, duration: 1day simulated}\n",
          "unknown agency 'A99'"
        },
        new Object[] {
          HEADER
              + "  - provision_mix: {methods: [fax], rate: 1/day simulated, duration: 1day simulated}\n",
          "unknown provision method 'fax'"
        },
        new Object[] {
          HEADER
              + "  - provision_mix: {agencies: [A29], methods: [media], rate: 1/day simulated, duration: 1day simulated}\n",
          "no FY2020 provisions"
        },
        new Object[] {
          HEADER + "  - repeat: {every: 1month simulated, step: {provision_mix: " + mix + "}}\n",
          "exactly one of 'times' and 'until'"
        },
        new Object[] {
          HEADER
              + "  - repeat: {every: 1month real, times: 2, step: {provision_mix: "
              + mix
              + "}}\n",
          "calendar months"
        },
        new Object[] {
          HEADER
              + "  - repeat: {every: 1day simulated, times: 2, step: {agency: {at: 2020-04-02, agency: A20, jimu: J39, rate: 1/s real, duration: 1s real}}}\n",
          "has no 'at'"
        },
        new Object[] {HEADER + "  - together: [{wait: {for: 1s real}}]\n", "at least two steps"},
        new Object[] {
          HEADER
              + "  - provision_mix: {rate: 1/day simulated, records: 5, duration: 1day"
              + " simulated}\n",
          "give one of 'rate'"
        },
        new Object[] {
          HEADER
              + "  - operations: {rate: 1/day simulated, duration: 1day simulated, mix: {move: 1}, monthly: {13: 2}}\n",
          "month 13 is not 1–12"
        },
        new Object[] {
          "name: t\ntopology: synthetic:1x2\ntimeline:\n"
              + "  - operations: {rate: 1/s, duration: 1s, mix: {move: 1}, monthly: {3: 2}}\n",
          "no calendar"
        });
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void refusesWithLineAndReason(String text, String reason) {
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> ScenarioParser.parse(FILE, text));
    assertTrue(e.line() >= 4, e.getMessage());
    assertTrue(e.reason().contains(reason), e.getMessage());
  }
}
