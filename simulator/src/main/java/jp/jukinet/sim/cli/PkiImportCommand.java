package jp.jukinet.sim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.jukinet.sim.network.HostPkiBundle;
import jp.jukinet.sim.network.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jukinet pki import}: unpacks a host's bundle ({@code jukinet pki export}) into the run
 * directory's PKI, where {@code up --host} finds it.
 */
@Command(
    name = "import",
    description =
        "Unpack a bundle from 'jukinet pki export' into the run directory's PKI (<dir>/pki), for"
            + " 'jukinet up --host' on this host.")
public final class PkiImportCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "BUNDLE", description = "The zip 'pki export' wrote.")
  Path bundle;

  @Mixin RunDirMixin runDir;

  @Mixin JsonMixin json;

  /** What import prints. */
  public record Result(String pki, List<String> entries) implements CommandResult {
    @Override
    public String text() {
      return String.format("jukinet pki import: %d files written to %s%n", entries.size(), pki);
    }
  }

  @Override
  public Integer call() {
    if (!Files.isRegularFile(bundle)) {
      throw new InvalidInputException(bundle + ": no such file");
    }
    RunDirectory dir = runDir.runDirectory();
    List<String> entries;
    try {
      entries = HostPkiBundle.importInto(bundle, dir.pkiDir());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    } catch (IllegalStateException e) {
      throw new CliException(ExitCodes.UNEXPECTED_STATE, e.getMessage());
    }
    emit(json, new Result(dir.pkiDir().toString(), entries));
    return ExitCodes.OK;
  }
}
