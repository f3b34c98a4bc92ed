package jp.jukinet.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Loads a report.html in headless Chromium and returns its DOM after the page's script ran; fails
 * on any console error. Skips the test when Chromium is not installed.
 */
final class ChromiumPage {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private ChromiumPage() {}

  /** The page's DOM once loaded, with the body's data-* attributes its script set. */
  static String load(Path html, Path tmp) throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install chromium)");
    Path profile = Files.createTempDirectory(tmp, "chromium");
    Path errFile = Files.createTempFile(tmp, "chromium", ".err");
    Process p =
        new ProcessBuilder(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                html.toUri().toString())
            .redirectError(errFile.toFile())
            .start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    String err = Files.readString(errFile);
    assertTrue(dom.contains("data-ready=\"yes\""), "the report's script ran: " + err);
    for (String line : err.split("\n")) {
      assertTrue(
          !(line.contains("CONSOLE") && (line.contains("Uncaught") || line.contains("rror"))),
          "console error: " + line);
    }
    return dom;
  }
}
