package jp.jukinet.sim.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cs.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The input checks of {@code report …} and {@code term … lookup}, before any network is asked. */
@Timeout(60)
class ReportCommandsTest {
  @TempDir Path tmp;

  @Test
  void reportsCheckTheirInput() {
    String dir = tmp.toString();
    Cli month = Cli.run("report", "provisions", "--period", "2020-13", "--dir", dir);
    assertEquals(ExitCodes.INVALID_INPUT, month.exit(), month.err());
    assertTrue(month.err().contains("2020-13"), month.err());
    Cli both = Cli.run("report", "disclosures", "--json", "--csv", "--dir", dir);
    assertEquals(ExitCodes.INVALID_INPUT, both.exit(), both.err());
    Cli noPref = Cli.run("report", "prefecture-use", "--dir", dir);
    assertEquals(ExitCodes.INVALID_INPUT, noPref.exit(), noPref.err());
    Cli noNetwork = Cli.run("report", "refusals", "--period", "FY2020", "--dir", dir);
    assertEquals(ExitCodes.UNEXPECTED_STATE, noNetwork.exit(), noNetwork.err());
  }

  @Test
  void termNamesItsPrefectureAndOneKey() {
    String dir = tmp.toString();
    Cli unknown = Cli.run("term", "架空県", "lookup", "--jimu", "H5-02", "--code", "1", "--dir", dir);
    assertEquals(ExitCodes.INVALID_INPUT, unknown.exit(), unknown.err());
    assertTrue(unknown.err().contains("架空県"), unknown.err());
    Cli noKey = Cli.run("term", "山梨県", "lookup", "--jimu", "H5-02", "--dir", dir);
    assertEquals(ExitCodes.INVALID_INPUT, noKey.exit(), noKey.err());
    Cli noNetwork = Cli.run("term", "19", "lookup", "--jimu", "H5-02", "--code", "1", "--dir", dir);
    assertEquals(ExitCodes.UNEXPECTED_STATE, noNetwork.exit(), noNetwork.err());
  }
}
