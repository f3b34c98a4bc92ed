package jp.jukinet.sim.cli;

import java.time.Duration;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --warmup}, {@code --duration} and {@code --window}: the shape of a closed-loop load. A
 * command whose measuring window is not 10 s sets its own with a {@link DurationDefault}.
 */
public final class LoadMixin {
  @Option(names = {"-w", "--window"}, defaultValue = "64",
      description = "Requests in flight per connection (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
      description = "Warm-up before measuring (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
      description = "Measuring window (default: ${DEFAULT-VALUE}).")
  Duration duration;

  public int window() {
    return window;
  }

  public Duration warmup() {
    return warmup;
  }

  public Duration duration() {
    return duration;
  }

  /** How long one run of the load takes at most, with {@code slack} for start and stop. */
  public Duration limit(Duration slack) {
    return warmup.plus(duration).plus(slack);
  }

  /** A command's own default of {@code --duration} (as {@code @Command(defaultValueProvider = …)}). */
  public abstract static class DurationDefault implements IDefaultValueProvider {
    private final String duration;

    protected DurationDefault(String duration) {
      this.duration = duration;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
      return arg instanceof OptionSpec o && o.longestName().equals("--duration") ? duration : null;
    }
  }
}
