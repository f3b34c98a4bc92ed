package jp.jukinet.sim.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hosts of a test as Linux network namespaces, as Mininet builds them: one namespace per host, each
 * joined to a bridge in the root namespace by a veth pair and given its own address on a private
 * subnet; the bridge has an address too, so this JVM (the root namespace) reaches every host.
 * Commands run on a host through {@code ip netns exec}. {@link #close()} removes everything,
 * whatever state the set-up reached.
 */
final class NetnsHosts implements AutoCloseable {
  /** A test network unlikely to be a real one: TEST-NET-2's neighbour in 10/8. */
  static final String SUBNET = "10.213.77.";

  private static final String BRIDGE_ADDRESS = SUBNET + "254";

  private final String tag = "jk" + (ProcessHandle.current().pid() % 100_000);
  private final List<String> namespaces = new ArrayList<>();
  private final List<String> rootLinks = new ArrayList<>();
  private boolean bridge;

  /** Why namespaces cannot be made here, or null when they can (a quick {@code ip netns add}). */
  static String unavailableReason() {
    String probe = "jkprobe" + ProcessHandle.current().pid();
    try {
      Result add = run(List.of("ip", "netns", "add", probe));
      if (add.exit() != 0) {
        return "cannot create network namespaces (needs root or CAP_SYS_ADMIN): "
            + add.output().trim();
      }
      run(List.of("ip", "netns", "del", probe));
      Result tc = run(List.of("tc", "-V"));
      return tc.exit() == 0 ? null : "no tc command: " + tc.output().trim();
    } catch (IOException e) {
      return "no ip command: " + e.getMessage();
    }
  }

  /** Builds {@code count} hosts, addresses {@code SUBNET.1} .. {@code SUBNET.count}. */
  static NetnsHosts create(int count) throws IOException {
    NetnsHosts hosts = new NetnsHosts();
    try {
      hosts.build(count);
      return hosts;
    } catch (IOException | RuntimeException e) {
      hosts.close();
      throw e;
    }
  }

  /**
   * Removes the namespaces and bridge of an earlier run of this test whose JVM is gone (killed
   * before its close): their bridge would hold the same subnet, and the route to it would win.
   */
  private static void removeLeftovers() throws IOException {
    Pattern owned = Pattern.compile("jk(\\d+)(?:br|h\\d+|v\\d+)");
    List<String> found = new ArrayList<>();
    for (String line : run(List.of("ip", "-o", "link", "show")).output().split("\n")) {
      String[] f = line.split(":\\s+", 3);
      if (f.length > 1) {
        found.add(f[1].replaceAll("@.*", ""));
      }
    }
    found.addAll(List.of(run(List.of("ip", "netns", "list")).output().split("\\s+")));
    for (String name : found) {
      Matcher m = owned.matcher(name);
      if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
        quietly("ip", "netns", "del", name);
        quietly("ip", "link", "del", name);
      }
    }
  }

  private static boolean alive(long pidMod) {
    return ProcessHandle.allProcesses().anyMatch(p -> p.pid() % 100_000 == pidMod && p.isAlive());
  }

  private void build(int count) throws IOException {
    removeLeftovers();
    String br = tag + "br";
    must("ip", "link", "add", br, "type", "bridge");
    bridge = true;
    must("ip", "addr", "add", BRIDGE_ADDRESS + "/24", "dev", br);
    must("ip", "link", "set", br, "up");
    for (int i = 1; i <= count; i++) {
      String ns = namespace(i);
      String outside = tag + "v" + i;
      must("ip", "netns", "add", ns);
      namespaces.add(ns);
      must("ip", "link", "add", outside, "type", "veth", "peer", "name", device(i));
      rootLinks.add(outside);
      must("ip", "link", "set", device(i), "netns", ns);
      must("ip", "link", "set", outside, "master", br);
      must("ip", "link", "set", outside, "up");
      must("ip", "netns", "exec", ns, "ip", "addr", "add", address(i) + "/24", "dev", device(i));
      must("ip", "netns", "exec", ns, "ip", "link", "set", device(i), "up");
      must("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    }
  }

  String namespace(int host) {
    return tag + "h" + host;
  }

  /** The host's interface, inside its namespace. */
  String device(int host) {
    return tag + "e" + host;
  }

  static String address(int host) {
    return SUBNET + host;
  }

  /** The prefix that runs a command on {@code host}. */
  List<String> exec(int host) {
    return List.of("ip", "netns", "exec", namespace(host));
  }

  /** Runs {@code command} on {@code host}; fails naming the output when it fails. */
  void onHost(int host, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(exec(host));
    cmd.addAll(List.of(command));
    must(cmd.toArray(String[]::new));
  }

  /** Runs {@code command} on {@code host}, returning its exit status and output. */
  Result tryOnHost(int host, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(exec(host));
    cmd.addAll(List.of(command));
    return run(cmd);
  }

  @Override
  public void close() {
    // Deleting a namespace deletes the veth end inside it, and with it the pair.
    for (String ns : namespaces) {
      quietly("ip", "netns", "del", ns);
    }
    for (String link : rootLinks) {
      quietly("ip", "link", "del", link);
    }
    if (bridge) {
      quietly("ip", "link", "del", tag + "br");
    }
  }

  record Result(int exit, String output) {}

  private static void must(String... command) throws IOException {
    Result r = run(List.of(command));
    if (r.exit() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + r.output().trim());
    }
  }

  private static void quietly(String... command) {
    try {
      run(List.of(command));
    } catch (IOException e) {
      // best effort: cleaning up
    }
  }

  static Result run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish within 30 s");
      }
      return new Result(
          p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
