package jp.jukinet.cs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ExecutionException;
import jp.jukinet.protocol.proto.Birth;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.MoveOut;
import jp.jukinet.protocol.proto.ResidentOperationRequest;
import jp.jukinet.protocol.proto.Sex;
import jp.jukinet.protocol.transport.RemoteErrorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 転出's filing date (届出年月日) defaults to today on the CS's own clock. One CS on a clock set to
 * 2030-06-15 and its operator; a 転出 is decided at the CS alone, so no prefecture server runs (the
 * CS keeps dialling it, and its changes wait in the outbox). The network tests are the simulator's.
 */
@Timeout(60)
class CsFilingDateIT {
  static final String FUJIYOSHIDA = "192023";

  @TempDir Path dir;

  @Test
  void theFilingDateDefaultsToTodayOnTheCsClock() throws Exception {
    Instant noonInJapan =
        LocalDate.of(2030, 6, 15).atTime(12, 0).atZone(ZoneId.of("Asia/Tokyo")).toInstant();
    Clock shifted = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), noonInJapan));
    try (LoneCs cs = new LoneCs(dir, shifted)) {
      IdentityInfo p =
          cs.operate(
                  ResidentOperationRequest.newBuilder()
                      .setBirth(
                          Birth.newBuilder()
                              .setFourItems(
                                  FourItems.newBuilder()
                                      .setName("未来 一")
                                      .setBirthDate("2020-01-01")
                                      .setSex(Sex.SEX_FEMALE)
                                      .setAddress("甲府市8"))))
              .getIdentity();
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  cs.operate(
                      ResidentOperationRequest.newBuilder()
                          .setMoveOut(
                              MoveOut.newBuilder()
                                  .setJuminhyoCode(p.getJuminhyoCode())
                                  .setPlannedDate("2030-06-30")
                                  .setDestinationMunicipality(FUJIYOSHIDA))));
      RemoteErrorException err = assertInstanceOf(RemoteErrorException.class, e.getCause());
      assertEquals(ErrorCode.ERROR_CODE_INVALID_REQUEST, err.code());
      assertTrue(
          err.getMessage()
              .contains("2030-06-30 is more than 14 days after the filing date 2030-06-15"),
          err.getMessage());
      assertTrue(
          cs.operate(
                  ResidentOperationRequest.newBuilder()
                      .setMoveOut(
                          MoveOut.newBuilder()
                              .setJuminhyoCode(p.getJuminhyoCode())
                              .setPlannedDate("2030-06-29")
                              .setDestinationMunicipality(FUJIYOSHIDA)))
              .getIdentity()
              .getRemoved(),
          "14 days after today on the CS's clock is accepted");
    }
  }
}
