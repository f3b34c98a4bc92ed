package jp.jukinet.sim.cli;

import picocli.CommandLine.Command;

/**
 * {@code jukinet bench}: benchmarks, each reported as a ratio to reference peers measured in the
 * same run.
 */
@Command(
    name = "bench",
    description = "Benchmarks (see docs/design.md §10).",
    subcommands = {
      BenchTransportCommand.class,
      BenchChangesCommand.class,
      BenchProvisionCommand.class,
    })
public final class BenchCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.INVALID_INPUT;
  }
}
