package jp.jukinet.sim.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import jp.jukinet.sim.topology.Topologies;
import jp.jukinet.sim.topology.Topology;

/** The small topology files of the tests (src/test/resources/topologies). */
public final class TestTopologies {
  /** 山梨県 with 甲府市 (192015) and 富士吉田市 (192023). */
  public static final String KOFU_FUJIYOSHIDA = "kofu-fujiyoshida";

  /** 山梨県 (甲府市, 富士吉田市) and 東京都 (千代田区 131016, 中央区 131024). */
  public static final String YAMANASHI_TOKYO = "yamanashi-tokyo";

  /** The servers on 10.0.0.1, 甲府市 and 富士吉田市 on 10.0.0.2: a network across two hosts. */
  public static final String TWO_HOSTS = "two-hosts";

  private TestTopologies() {}

  public static Topology load(String name) {
    URL url = TestTopologies.class.getResource("/topologies/" + name + ".yaml");
    if (url == null) {
      throw new IllegalArgumentException("no test topology " + name);
    }
    try {
      return Topologies.resolve(Path.of(url.toURI()).toString());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
