package jp.jukinet.cs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityChange;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.Sex;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clock skew at a CS ({@code <data_dir>/clock-offset}): while the file says three days ahead, a
 * 出生's 届出年月日 default and its 記録日時 are three days ahead of the network's calendar; once the file is
 * gone they are back on it; a file that holds no duration leaves the clock alone.
 */
@Timeout(60)
class CsClockSkewIT {
  @TempDir Path dir;

  private int born;

  @Test
  void aSkewedCsStampsItsDefaultsWithItsSkewedTimeUntilHealed() throws Exception {
    Instant noonInJapan =
        LocalDate.of(2030, 6, 15).atTime(12, 0).atZone(ZoneId.of("Asia/Tokyo")).toInstant();
    Clock calendar = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), noonInJapan));
    Path offset = dir.resolve("cs").resolve(SkewedClock.FILE);
    try (LoneCs cs = new LoneCs(dir, calendar)) {
      assertEquals("2030-06-15", birth(cs).getNotificationDate());

      Files.writeString(offset, "PT72H\n");
      IdentityChange skewed =
          Awaitility.await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> birth(cs), c -> c.getNotificationDate().equals("2030-06-18"));
      long ahead = skewed.getRecordedAtMillis() - calendar.millis();
      assertTrue(
          Math.abs(ahead - Duration.ofDays(3).toMillis()) < 60_000,
          "記録日時 three days ahead of the calendar: " + ahead + " ms");

      Files.delete(offset);
      IdentityChange healed =
          Awaitility.await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> birth(cs), c -> c.getNotificationDate().equals("2030-06-15"));
      assertTrue(Math.abs(healed.getRecordedAtMillis() - calendar.millis()) < 60_000);

      Files.writeString(offset, "ten minutes");
      Awaitility.await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> birth(cs).getNotificationDate(), "2030-06-15"::equals);
    }
  }

  private IdentityChange birth(LoneCs cs) throws Exception {
    born++;
    return cs.operate(
            ResidentOperationRequest.newBuilder()
                .setBirth(
                    Birth.newBuilder()
                        .setFourItems(
                            FourItems.newBuilder()
                                .setName("時計 " + "一二三四五六七八九十".charAt(born % 10) + born)
                                .setBirthDate("2020-01-01")
                                .setSex(Sex.SEX_FEMALE)
                                .setAddress("甲府市" + born))))
        .getChange();
  }
}
