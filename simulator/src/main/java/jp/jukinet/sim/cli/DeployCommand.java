package jp.jukinet.sim.cli;

import picocli.CommandLine.Command;

/** {@code jukinet deploy}: a topology onto an existing orchestrator. */
@Command(
    name = "deploy",
    description = "Render a topology for an orchestrator (Kubernetes).",
    subcommands = {DeployK8sCommand.class})
public final class DeployCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.INVALID_INPUT;
  }
}
