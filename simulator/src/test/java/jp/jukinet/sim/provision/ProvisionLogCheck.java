package jp.jukinet.sim.provision;

import java.util.List;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.BatchResult;
import jp.jukinet.sim.network.LocalNetwork;

/**
 * Reads the national server's provision log as the monitor and checks a batch's entries against
 * what the agency received. (Filled in once the provision log is served.)
 */
final class ProvisionLogCheck {
  private ProvisionLogCheck() {}

  static void assertBatchLoggedOnce(
      LocalNetwork net, NodeRuntime runtime, PeerId agency, String batch, List<BatchResult> out) {
    // Until the provision log is merged there is nothing to read.
  }
}
