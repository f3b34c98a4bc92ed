package jp.jukinet.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jukinet.node.runtime.BodyPermissions.Verdict;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope.BodyCase;
import jp.jukinet.protocol.proto.NodeRole;
import org.junit.jupiter.api.Test;

/** The role × body table of docs/protocol.md §7.7 and {@link BodyPermissions} say the same. */
class BodyPermissionsDocTest {
  private static final List<NodeRole> NODES =
      List.of(NodeRole.NODE_ROLE_CS, NodeRole.NODE_ROLE_PREFECTURE, NodeRole.NODE_ROLE_NATIONAL);
  private static final List<NodeRole> PEERS =
      List.of(
          NodeRole.NODE_ROLE_NATIONAL,
          NodeRole.NODE_ROLE_PREFECTURE,
          NodeRole.NODE_ROLE_CS,
          NodeRole.NODE_ROLE_AGENCY,
          NodeRole.NODE_ROLE_OPERATOR,
          NodeRole.NODE_ROLE_PREF_TERMINAL,
          NodeRole.NODE_ROLE_MONITOR);
  private static final Pattern ROW =
      Pattern.compile("\\| (\\d+(?:, \\d+)*) \\| (`[a-z_]+`(?:, `[a-z_]+`)*) \\|(.*)\\|");
  private static final Pattern ROLE_WORD =
      Pattern.compile("\\((\\w+)\\)|\\bmonitor\\b|the national server");

  @Test
  void theCodeFollowsTheSpecTable() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "..", "docs", "protocol.md"));
    int start = lines.indexOf("### 7.7 Who may send what (role × body)");
    int rows = 0;
    for (String line : lines.subList(start, lines.indexOf("### 7.8 Field ranges"))) {
      Matcher m = ROW.matcher(line);
      if (!m.matches()) {
        continue;
      }
      rows++;
      String[] cells = m.group(3).split("\\|");
      for (String name : m.group(2).replace("`", "").split(", ")) {
        BodyCase body = BodyCase.valueOf(name.toUpperCase(Locale.ROOT));
        for (int n = 0; n < NODES.size(); n++) {
          String cell = cells[n].trim();
          Set<NodeRole> allowed = roles(cell);
          for (NodeRole peer : PEERS) {
            Verdict expected = allowed.contains(peer) ? Verdict.PERMITTED : Verdict.NOT_PERMITTED;
            assertEquals(
                expected,
                BodyPermissions.judge(NODES.get(n), body, peer),
                name + " at a " + NODES.get(n) + " from a " + peer + " (spec cell: " + cell + ")");
          }
        }
      }
    }
    assertEquals(11, rows, "rows of the §7.7 table");
  }

  private static Set<NodeRole> roles(String cell) {
    Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
    Matcher m = ROLE_WORD.matcher(cell);
    while (m.find()) {
      roles.add(
          m.group(1) != null
              ? PeerId.roleOf(m.group(1))
              : m.group().equals("monitor")
                  ? NodeRole.NODE_ROLE_MONITOR
                  : NodeRole.NODE_ROLE_NATIONAL);
    }
    return roles;
  }
}
