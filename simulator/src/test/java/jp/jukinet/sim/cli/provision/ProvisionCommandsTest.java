package jp.jukinet.sim.cli.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cs.Cli;
import jp.jukinet.sim.status.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code agencies}, and the input checks of {@code agency … lookup} and {@code disclose}. */
@Timeout(60)
class ProvisionCommandsTest {
  @TempDir Path tmp;

  @Test
  void agenciesListsTheRegistryAsTextAndJson() throws Exception {
    Cli text = Cli.run("agencies");
    assertEquals(ExitCodes.OK, text.exit(), text.err());
    assertTrue(text.out().contains("A20  日本年金機構"), text.out());
    assertTrue(text.out().contains("32 agencies, 68 事務"), text.out());
    Cli json = Cli.run("agencies", "--json");
    Map<?, ?> doc = Json.MAPPER.readValue(json.out(), Map.class);
    List<?> agencies = (List<?>) doc.get("agencies");
    assertEquals(32, agencies.size());
    Map<?, ?> pension = (Map<?, ?>) agencies.get(19);
    assertEquals("A20", pension.get("id"));
    Map<?, ?> j39 = (Map<?, ?>) ((List<?>) pension.get("jimu")).get(3);
    assertEquals("J39", j39.get("code"));
    assertEquals(List.of("immediate", "line", "media"), j39.get("methods"));
  }

  @Test
  void lookupNeedsAKnownAgencyAndExactlyOneKey() {
    String dir = tmp.toString();
    Cli unknown = Cli.run("agency", "A99", "lookup", "--jimu", "J39", "--code", "1", "--dir", dir);
    assertEquals(ExitCodes.INVALID_INPUT, unknown.exit(), unknown.err());
    assertTrue(unknown.err().contains("A99"), unknown.err());
    Cli twoKeys =
        Cli.run(
            "agency",
            "A20",
            "lookup",
            "--jimu",
            "J39",
            "--code",
            "1",
            "--number",
            "2",
            "--dir",
            dir);
    assertEquals(ExitCodes.INVALID_INPUT, twoKeys.exit(), twoKeys.err());
    Cli noNetwork =
        Cli.run("agency", "agency-A20", "lookup", "--jimu", "J39", "--code", "1", "--dir", dir);
    assertEquals(ExitCodes.UNEXPECTED_STATE, noNetwork.exit(), noNetwork.err());
    Cli disclose = Cli.run("disclose", "12345678901", "--dir", dir);
    assertEquals(ExitCodes.UNEXPECTED_STATE, disclose.exit(), disclose.err());
  }
}
