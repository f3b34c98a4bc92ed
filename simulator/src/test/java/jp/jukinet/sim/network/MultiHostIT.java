package jp.jukinet.sim.network;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import jp.jukinet.sim.JukinetMain;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.status.Json;
import jp.jukinet.sim.testing.InProcessCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One network across three hosts from one topology file, as a user sets it up on three machines:
 * {@code pki init} once, {@code pki export --host} / {@code pki import} per host, {@code up --host}
 * on each (a JVM of its own, on that host), a 転入 from a CS on one host to a CS on another, the
 * demo, and {@code verify} from a third host at zero differences; {@code down} per host leaves
 * nothing. Host 1 runs the national server, host 2 the prefecture server and one CS, host 3 two
 * CSs.
 *
 * <p>The hosts are three loopback addresses, and, where the user may create network namespaces
 * (root, as in CI), three namespaces joined by a bridge, each with an address of its own.
 */
@Timeout(900)
class MultiHostIT {
  private static final String A = "192015"; // 甲府市, on host 2
  private static final String B = "192023"; // 富士吉田市, on host 3
  private static final String C = "192040"; // 都留市, on host 3

  @TempDir Path tmp;

  private final List<Path> runDirs = new ArrayList<>();

  @AfterEach
  void downEverywhere() {
    for (Path d : runDirs) {
      jukinet("down", "--dir", d.toString(), "--grace", "5s");
    }
  }

  /** The end of every node's log in {@code dirs}, for a failure's message. */
  private static String logs(List<Path> dirs) {
    StringBuilder sb = new StringBuilder();
    for (Path d : dirs) {
      try (var nodes = Files.list(d.resolve("nodes"))) {
        for (Path n : nodes.sorted().toList()) {
          Path log = n.resolve("node.log");
          if (Files.exists(log)) {
            List<String> lines = Files.readAllLines(log);
            sb.append("\n--- ").append(log).append('\n');
            lines
                .subList(Math.max(0, lines.size() - 15), lines.size())
                .forEach(l -> sb.append(l).append('\n'));
          }
        }
      } catch (IOException e) {
        sb.append("\n(").append(d).append(": ").append(e).append(')');
      }
    }
    return sb.toString();
  }

  @Test
  void threeLoopbackAddresses() throws Exception {
    scenario(i -> "127.0.0." + i, i -> List.of(), (address, node) -> freePort(address), d -> {});
  }

  @Test
  void threeNetworkNamespaces() throws Exception {
    String why = NetnsHosts.unavailableReason();
    assumeTrue(why == null, () -> "skipped, network namespaces unavailable: " + why);
    try (NetnsHosts hosts = NetnsHosts.create(3)) {
      scenario(
          NetnsHosts::address,
          hosts::exec,
          (address, node) -> 7000 + node,
          dirs -> linkFaults(hosts, dirs));
    }
  }

  /** What a scenario does once the network has converged, before it is stopped. */
  interface Faults {
    void apply(List<Path> dirs) throws Exception;
  }

  /**
   * Link faults between hosts with the kernel's own tools, on host 3's link (its two CSs): a
   * bandwidth limit (tc tbf) while changes flow, delay and loss (tc netem) where the kernel has it,
   * then a partition (the link down) during which host 2 keeps recording, and the link up again:
   * the CSs reconnect and verify finds zero differences. Each fault is removed at the end.
   */
  private void linkFaults(NetnsHosts hosts, List<Path> dirs) throws Exception {
    String d = dirs.get(0).toString();
    String dev = hosts.device(3);
    hosts.onHost(
        3, "tc", "qdisc", "add", "dev", dev, "root", "tbf", "rate", "512kbit", "burst", "16kb",
        "latency", "200ms");
    try {
      demo(d, 2, "under tbf");
    } finally {
      hosts.onHost(3, "tc", "qdisc", "del", "dev", dev, "root");
    }
    NetnsHosts.Result netem =
        hosts.tryOnHost(
            3, "tc", "qdisc", "add", "dev", dev, "root", "netem", "delay", "20ms", "loss", "1%");
    if (netem.exit() == 0) {
      try {
        demo(d, 3, "under netem");
      } finally {
        hosts.onHost(3, "tc", "qdisc", "del", "dev", dev, "root");
      }
      System.out.println("MultiHostIT: delay and loss applied with tc netem");
    } else {
      System.out.println(
          "MultiHostIT: tc netem unavailable in this kernel ("
              + netem.output().trim()
              + "): delay and loss not applied by the kernel");
    }

    // Partition host 3, keep recording at host 2, heal.
    hosts.onHost(3, "ip", "link", "set", dev, "down");
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> linksUp(dirs.get(1)) <= 2); // host 3's two CSs lost their prefecture
      InProcessCli born =
          jukinet(
              "cs",
              A,
              "出生",
              "--name",
              "分断 太郎",
              "--birth-date",
              "2021-05-05",
              "--sex",
              "M",
              "--address",
              "甲府市丸の内2-2",
              "--dir",
              d);
      assertEquals(ExitCodes.OK, born.exitCode(), "during the partition: " + born.err());
    } finally {
      hosts.onHost(3, "ip", "link", "set", dev, "up");
    }
    await().atMost(Duration.ofSeconds(120)).until(() -> linksUp(dirs.get(1)) == 4);
    InProcessCli verify = jukinet("verify", "--dir", d, "--wait", "60s");
    assertEquals(ExitCodes.OK, verify.exitCode(), "after the partition: " + verify.out());
  }

  /** A short demo: changes and moves across the hosts, then verify at zero differences. */
  private static void demo(String dir, int seed, String when) {
    InProcessCli demo =
        jukinet("demo", "--dir", dir, "--births", "10", "--parallel", "4", "--seed", "" + seed);
    assertEquals(ExitCodes.OK, demo.exitCode(), when + ": " + demo.err() + demo.out());
  }

  private static int linksUp(Path dir) throws IOException {
    InProcessCli status = jukinet("status", "--dir", dir.toString(), "--timeout", "5s", "--json");
    return Json.MAPPER.readTree(status.out()).get("links_up").asInt();
  }

  /** Ports: any free one on the address, or fixed ones where each host has its own stack. */
  interface Ports {
    int of(String address, int node) throws IOException;
  }

  private void scenario(
      IntFunction<String> address, IntFunction<List<String>> exec, Ports ports, Faults faults)
      throws Exception {
    Path topology = tmp.resolve("three-hosts.yaml");
    Files.writeString(
        topology,
        String.format(
            """
            name: three-hosts
            national: {listen: "%s"}
            prefectures:
              - {code: "190004", listen: "%s"}
            municipalities:
              - {code: "%s", listen: "%s"}
              - {code: "%s", listen: "%s"}
              - {code: "%s", listen: "%s"}
            """,
            at(address.apply(1), ports, 0),
            at(address.apply(2), ports, 1),
            A,
            at(address.apply(2), ports, 2),
            B,
            at(address.apply(3), ports, 3),
            C,
            at(address.apply(3), ports, 4)));
    String file = topology.toString();
    List<Path> dirs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      dirs.add(tmp.resolve("host" + i));
    }
    runDirs.addAll(dirs);

    // The PKI once, on host 1; hosts 2 and 3 get their share.
    InProcessCli init =
        jukinet("pki", "init", "--topology", file, "--out", dirs.get(0).resolve("pki").toString());
    assertEquals(ExitCodes.OK, init.exitCode(), init.err());
    for (int i = 2; i <= 3; i++) {
      Path zip = tmp.resolve("host" + i + ".zip");
      InProcessCli export =
          jukinet(
              "pki",
              "export",
              "--pki",
              dirs.get(0).resolve("pki").toString(),
              "--topology",
              file,
              "--host",
              address.apply(i),
              "--out",
              zip.toString());
      assertEquals(ExitCodes.OK, export.exitCode(), export.err());
      InProcessCli imported =
          jukinet("pki", "import", zip.toString(), "--dir", dirs.get(i - 1).toString());
      assertEquals(ExitCodes.OK, imported.exitCode(), imported.err());
    }
    assertTrue(
        !Files.exists(dirs.get(1).resolve("pki/ca.key"))
            && !Files.exists(dirs.get(1).resolve("pki/nodes/national.key"))
            && Files.exists(dirs.get(1).resolve("pki/nodes/pref-190004.key")),
        "a host gets its own nodes' keys and never the CA's");

    // Each host's share, each on its host, all at once: hosts 2 and 3 wait for their upstreams.
    List<Process> ups = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      List<String> cmd = new ArrayList<>(exec.apply(i));
      cmd.addAll(
          jukinetCommand(
              "up",
              "--topology",
              file,
              "--host",
              address.apply(i),
              "--dir",
              dirs.get(i - 1).toString(),
              "--timeout",
              "300s"));
      ups.add(
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("up" + i + ".out").toFile())
              .start());
    }
    for (int i = 1; i <= 3; i++) {
      Process up = ups.get(i - 1);
      assertTrue(up.waitFor(400, TimeUnit.SECONDS), "up on host " + i + " did not end");
      String printed = Files.readString(tmp.resolve("up" + i + ".out"));
      System.out.print(printed);
      assertEquals(0, up.exitValue(), "up on host " + i + ":\n" + printed);
    }

    // The whole network from any host's directory, or from the topology alone.
    InProcessCli status = jukinet("status", "--dir", dirs.get(2).toString(), "--json");
    assertEquals(ExitCodes.OK, status.exitCode(), () -> status.err() + status.out() + logs(dirs));
    JsonNode s = Json.MAPPER.readTree(status.out());
    assertEquals(5, s.get("nodes_answering").asInt(), status.out());
    assertEquals(4, s.get("links_up").asInt(), status.out());
    InProcessCli byTopology =
        jukinet("status", "--topology", file, "--dir", dirs.get(1).toString(), "--json");
    assertEquals(ExitCodes.OK, byTopology.exitCode(), byTopology.err());

    // 出生 at host 2's CS, 転出 to host 3's, 転入 there (as host 1's operators: the full PKI).
    String d = dirs.get(0).toString();
    String today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();
    InProcessCli born =
        jukinet(
            "cs",
            A,
            "出生",
            "--name",
            "甲斐 花子",
            "--birth-date",
            "2020-04-01",
            "--sex",
            "女",
            "--address",
            "甲府市丸の内1-1",
            "--dir",
            d,
            "--json");
    assertEquals(ExitCodes.OK, born.exitCode(), born.err());
    JsonNode j = Json.MAPPER.readTree(born.out());
    String code = j.at("/identity/juminhyo_code").asText();
    String number = j.at("/identity/individual_number").asText();
    InProcessCli out = jukinet("cs", A, "move-out", code, "--to", B, "--date", today, "--dir", d);
    assertEquals(ExitCodes.OK, out.exitCode(), out.err());
    InProcessCli in =
        jukinet(
            "cs",
            B,
            "転入",
            "--code",
            code,
            "--number",
            number,
            "--name",
            "甲斐 花子",
            "--birth-date",
            "2020-04-01",
            "--sex",
            "F",
            "--address",
            "富士吉田市上吉田1-1",
            "--from",
            A,
            "--from-address",
            "甲府市丸の内1-1",
            "--dir",
            d);
    assertEquals(ExitCodes.OK, in.exitCode(), in.err());
    InProcessCli demo = jukinet("demo", "--dir", d, "--births", "20", "--parallel", "4");
    assertEquals(ExitCodes.OK, demo.exitCode(), demo.err() + demo.out());

    // verify on host 3, with what host 3 was given.
    List<String> verify = new ArrayList<>(exec.apply(3));
    verify.addAll(
        jukinetCommand("verify", "--dir", dirs.get(2).toString(), "--wait", "60s", "--json"));
    Process v =
        new ProcessBuilder(verify)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("verify.out").toFile())
            .start();
    assertTrue(v.waitFor(180, TimeUnit.SECONDS), "verify did not end");
    String report = Files.readString(tmp.resolve("verify.out"));
    assertEquals(0, v.exitValue(), report);
    JsonNode r = Json.MAPPER.readTree(report.substring(report.indexOf('{')));
    assertEquals(3, r.get("municipalities").asInt(), report);
    assertEquals(0, r.get("difference_count").asLong(), report);
    assertEquals(0, r.get("lag").size(), report);

    faults.apply(dirs);

    // down per host: each stops its own share and nothing else.
    InProcessCli wrong =
        jukinet("down", "--dir", dirs.get(1).toString(), "--host", address.apply(3));
    assertEquals(ExitCodes.UNEXPECTED_STATE, wrong.exitCode(), wrong.out());
    for (int i = 1; i <= 3; i++) {
      InProcessCli down =
          jukinet("down", "--dir", dirs.get(i - 1).toString(), "--host", address.apply(i));
      assertEquals(ExitCodes.OK, down.exitCode(), down.err());
    }
    for (Path dir : dirs) {
      assertEquals(List.of(), RunProcesses.find(new RunDirectory(dir)), "left running in " + dir);
    }
  }

  private static String at(String address, Ports ports, int node) throws IOException {
    return address + ":" + ports.of(address, node);
  }

  private static int freePort(String address) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return s.getLocalPort();
    }
  }

  /** {@code jukinet args} in a JVM of its own (as a user runs it), the test's classpath. */
  static List<String> jukinetCommand(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                LaunchSettings.currentJava().toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                LaunchSettings.currentClasspath(),
                JukinetMain.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static InProcessCli jukinet(String... args) {
    return InProcessCli.run(args);
  }
}
