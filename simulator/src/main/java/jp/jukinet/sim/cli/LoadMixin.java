package jp.jukinet.sim.cli;

import java.time.Duration;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --warmup}, {@code --duration} and {@code --window}: the shape of a closed-loop load. A
 * command whose warm-up and measuring window are not 10 s each sets its own with a {@link
 * LoadDefaults}.
 */
public final class LoadMixin {
  @Option(
      names = {"-w", "--window"},
      defaultValue = "64",
      description = "Requests in flight per connection (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--warmup",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Warm-up before measuring (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--duration",
      defaultValue = "10s",
      converter = DurationConverter.class,
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

  /**
   * A command's own defaults of {@code --warmup} and {@code --duration} (as
   * {@code @Command(defaultValueProvider = …)}).
   */
  public abstract static class LoadDefaults implements IDefaultValueProvider {
    private final String warmup;
    private final String duration;

    protected LoadDefaults(String warmup, String duration) {
      this.warmup = warmup;
      this.duration = duration;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
      if (arg instanceof OptionSpec o) {
        return switch (o.longestName()) {
          case "--warmup" -> warmup;
          case "--duration" -> duration;
          default -> null;
        };
      }
      return null;
    }
  }
}
