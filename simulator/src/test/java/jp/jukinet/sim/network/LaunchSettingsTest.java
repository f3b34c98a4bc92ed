package jp.jukinet.sim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LaunchSettingsTest {
  @Test
  void csProcessesYieldToTheServersByDefault() {
    LaunchSettings s = LaunchSettings.defaults("synthetic:1x2");
    assertEquals(LaunchSettings.DEFAULT_CS_NICENESS, s.csNiceness());
    assertEquals(0, s.withCsNiceness(0).csNiceness());
    assertEquals(19, s.withCsNiceness(19).csNiceness());
  }

  @Test
  void aNicenessOutsideZeroToNineteenIsRefusedByName() {
    LaunchSettings s = LaunchSettings.defaults("synthetic:1x2");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.withCsNiceness(-1));
    assertTrue(e.getMessage().contains("CS niceness -1 must be 0..19"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.withCsNiceness(20));
    assertTrue(e.getMessage().contains("CS niceness 20"), e.getMessage());
  }
}
