package jp.jukinet.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jp.jukinet.protocol.proto.ErrorCode;
import org.junit.jupiter.api.Test;

/** docs/protocol.md §8.2 mirrors {@link ErrorCodes}; this keeps the two from drifting apart. */
class ErrorCodesDocTest {
  @Test
  void everyCodeIsDescribedAndTheSpecTableMatches() throws IOException {
    List<String> expected = new ArrayList<>();
    for (ErrorCode code : ErrorCode.values()) {
      if (code == ErrorCode.ERROR_CODE_UNSPECIFIED || code == ErrorCode.UNRECOGNIZED) {
        continue;
      }
      ErrorCodes.Description d = ErrorCodes.describe(code);
      assertTrue(
          !d.meaning().startsWith("an error code this node does not know"),
          code + " has no description");
      expected.add(
          "| "
              + code.getNumber()
              + " | "
              + ErrorCodes.shortName(code)
              + " | "
              + (d.definite() ? "definite" : "indefinite")
              + " | "
              + (d.fatal() ? "fatal" : "not fatal")
              + " | "
              + d.meaning()
              + " |");
    }
    Path spec = Path.of("..", "docs", "protocol.md");
    List<String> rows =
        Files.readAllLines(spec).stream()
            .filter(l -> l.matches("\\| \\d+ \\| [A-Z_]+ \\| .*"))
            .toList();
    assertEquals(expected, rows);
  }
}
