package jp.jukinet.sim.cs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.jukinet.protocol.config.SimulatedCalendar;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.network.CalendarChoice;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.testing.TestNetworks;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A network on a simulated calendar (an hour per second from 2020-04-01): the CS dates filings and
 * judges the 14-day 転出 window on the calendar, not the wall clock, and a CS killed (kill -9) and
 * restarted, or stopped and restarted, resumes on the same calendar.
 */
@Timeout(240)
class CsCalendarIT {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  @TempDir Path tmp;

  @RegisterExtension final TestNetworks networks = new TestNetworks();

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theCsLivesOnTheNetworksCalendarThroughACrash(Mode mode) throws Exception {
    RunDirectory dir = new RunDirectory(tmp);
    SimulatedCalendar calendar =
        CalendarChoice.decide(dir, "2020-04-01T09:00+09:00", "1h/1s", Instant.now()).orElseThrow();
    Topology topology = Topologies.resolve("synthetic:1x1");
    PeerId cs = topology.css().get(0).id();
    LocalNetwork net = networks.start(topology, mode, tmp);
    net.awaitAllLinksUp(Duration.ofSeconds(90));

    JsonNode first = birth(cs, "暦 一郎");
    LocalDate filed = LocalDate.parse(first.at("/change/notification_date").asText());
    assertTrue(
        !filed.isBefore(LocalDate.of(2020, 4, 1)) && filed.isBefore(LocalDate.of(2020, 5, 1)),
        "filed on the calendar, not the wall clock: " + filed);
    String code = first.at("/identity/juminhyo_code").asText();

    // 転出 planned for today's real date is far outside 14 days of the calendar's today.
    String realToday = LocalDate.now(JAPAN).toString();
    Cli refused = moveOut(cs, code, realToday);
    assertEquals(ExitCodes.INVALID_INPUT, refused.exit(), refused.out() + refused.err());
    assertTrue(refused.err().contains("14"), refused.err());

    net.kill(cs);
    net.restart(cs);
    net.awaitAllLinksUp(Duration.ofSeconds(90));
    JsonNode second = birth(cs, "暦 二郎");
    long before = first.at("/change/recorded_at_millis").asLong();
    long after = second.at("/change/recorded_at_millis").asLong();
    Instant expectedNow = calendar.at(Instant.now());
    assertTrue(after > before, "the calendar went on: " + before + " then " + after);
    assertTrue(
        Math.abs(after - expectedNow.toEpochMilli()) < Duration.ofHours(2).toMillis(),
        "the restarted CS is on the same calendar: "
            + Instant.ofEpochMilli(after)
            + " vs "
            + expectedNow);

    // Planned a day after the calendar's today: inside the window.
    LocalDate simToday = LocalDate.ofInstant(calendar.at(Instant.now()), JAPAN);
    Cli accepted = moveOut(cs, code, simToday.plusDays(1).toString());
    assertEquals(ExitCodes.OK, accepted.exit(), accepted.out() + accepted.err());

    // A clean stop and restart mid-run resumes on the same calendar too.
    net.stop(cs);
    net.restart(cs);
    net.awaitAllLinksUp(Duration.ofSeconds(90));
    long third = birth(cs, "暦 三郎").at("/change/recorded_at_millis").asLong();
    assertTrue(third > after, "the calendar went on: " + after + " then " + third);
    assertTrue(
        Math.abs(third - calendar.at(Instant.now()).toEpochMilli())
            < Duration.ofHours(2).toMillis(),
        "the cleanly restarted CS is on the same calendar: " + Instant.ofEpochMilli(third));
  }

  private JsonNode birth(PeerId cs, String name) throws Exception {
    Cli born =
        Cli.run(
            "cs",
            cs.code(),
            "birth",
            "--name",
            name,
            "--birth-date",
            "2020-03-01",
            "--sex",
            "M",
            "--address",
            "合成市 1",
            "--dir",
            tmp.toString(),
            "--json");
    assertEquals(ExitCodes.OK, born.exit(), born.err());
    return Json.MAPPER.readTree(born.out());
  }

  private Cli moveOut(PeerId cs, String code, String date) throws Exception {
    return Cli.run(
        "cs",
        cs.code(),
        "move-out",
        code,
        "--to",
        "131016",
        "--date",
        date,
        "--dir",
        tmp.toString(),
        "--json");
  }
}
