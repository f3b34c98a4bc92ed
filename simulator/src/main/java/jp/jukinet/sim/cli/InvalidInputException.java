package jp.jukinet.sim.cli;

import java.util.function.Supplier;

/**
 * The command line or an input file is wrong: the command exits with {@link
 * ExitCodes#INVALID_INPUT} having changed nothing. Any other IllegalArgumentException is a bug in
 * jukinet.
 */
public final class InvalidInputException extends RuntimeException {
  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * {@code parse.get()}, where an IllegalArgumentException means that the user's input is wrong.
   */
  public static <T> T parsing(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }
}
