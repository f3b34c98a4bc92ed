package jp.jukinet.sim.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import jp.jukinet.sim.network.LaunchSettings;
import jp.jukinet.sim.network.LocalNetwork;
import jp.jukinet.sim.network.Mode;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.status.StatusTable;
import jp.jukinet.sim.topology.Topology;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The networks of a test class, started through {@link LocalNetwork} (the one harness): when a test
 * fails, each running network's status is printed before it is closed, so the failure shows which
 * node or link was down. Closed after each test, or after all tests when registered on a static
 * field.
 *
 * <pre>
 * &#64;RegisterExtension final TestNetworks networks = new TestNetworks();
 * LocalNetwork net = networks.start(Topologies.resolve("synthetic:1x2"), mode, tmp);
 * </pre>
 */
public final class TestNetworks
    implements TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler,
        BeforeAllCallback,
        AfterEachCallback,
        AfterAllCallback {
  private final List<LocalNetwork> open = new ArrayList<>();
  private boolean perClass; // registered on a static field: its networks live for the whole class

  /** Starts {@code topology} in {@code dir} with default settings. */
  public LocalNetwork start(Topology topology, Mode mode, Path dir) {
    return start(topology, mode, new RunDirectory(dir), LaunchSettings.defaults(topology.name()));
  }

  public synchronized LocalNetwork start(
      Topology topology, Mode mode, RunDirectory dir, LaunchSettings settings) {
    LocalNetwork net = LocalNetwork.start(topology, mode, dir, settings);
    open.add(net);
    return net;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw withStatus(failure);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw withStatus(failure);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    throw withStatus(failure);
  }

  /** The failure, with each open network's status printed to stderr and attached to it. */
  private synchronized Throwable withStatus(Throwable failure) {
    for (LocalNetwork net : open) {
      StringWriter table = new StringWriter();
      try (PrintWriter out = new PrintWriter(table)) {
        out.printf(
            "status of the %s network in %s when the test failed:%n",
            net.mode().word(), net.directory().root());
        try {
          new StatusTable(ZoneId.systemDefault()).print(net.status(), out);
        } catch (RuntimeException e) {
          out.println("(no status: " + e + ")");
        }
      }
      System.err.print(table);
      failure.addSuppressed(new NetworkStatusAtFailure(table.toString()));
    }
    return failure;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true; // only an extension on a static field is called before all tests
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      closeAll();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeAll();
  }

  private synchronized void closeAll() {
    for (LocalNetwork net : open) {
      net.close();
    }
    open.clear();
  }

  /**
   * Carries a network's status table in a failure's suppressed exceptions (shown in the report).
   */
  private static final class NetworkStatusAtFailure extends Exception {
    NetworkStatusAtFailure(String table) {
      super(table, null, false, false);
    }
  }
}
