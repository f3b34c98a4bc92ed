package jp.jukinet.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Loads a report.html in headless Chromium and returns its DOM after the page's script ran; fails
 * on any console error. Skips the test when Chromium is not installed.
 */
final class ChromiumPage {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private ChromiumPage() {}

  /** What names a Chromium error page (a file not found …): its error code and title. */
  private static final Pattern ERROR_PAGE = Pattern.compile("ERR_[A-Z_]+|<title>[^<]*");

  /**
   * The page's DOM once loaded, with the body's data-* attributes its script set; a page whose
   * script did not run, or wrote a console error, fails.
   */
  static String load(Path html, Path tmp) throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install chromium)");
    String[] loaded = dump(html, tmp);
    String dom = loaded[0];
    String err = loaded[1];
    assertTrue(
        dom.contains("data-ready=\"yes\""),
        "the report's script ran; DOM ("
            + dom.length()
            + " chars; a Chromium error page names its error): "
            + ERROR_PAGE.matcher(dom).results().map(MatchResult::group).distinct().toList()
            + " "
            + html.toUri()
            + "\nchromium: "
            + err);
    for (String line : err.split("\n")) {
      assertTrue(
          !(line.contains("CONSOLE") && (line.contains("Uncaught") || line.contains("rror"))),
          "console error: " + line);
    }
    return dom;
  }

  /** One headless load: the dumped DOM and what chromium wrote on stderr. */
  private static String[] dump(Path html, Path tmp) throws Exception {
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
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "chromium did not exit within 2 minutes");
    return new String[] {dom, Files.readString(errFile)};
  }
}
