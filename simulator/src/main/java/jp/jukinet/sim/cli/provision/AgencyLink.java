package jp.jukinet.sim.cli.provision;

import java.time.Duration;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.sim.cli.InvalidInputException;
import jp.jukinet.sim.cli.RunDirMixin;
import jp.jukinet.sim.workload.AgencyClient;

/** The agency of an {@code agency <id>} subcommand and its connection to the national server. */
final class AgencyLink {
  private AgencyLink() {}

  static PeerId agency(AgencyCommand parent) {
    return new PeerId(NodeRole.NODE_ROLE_AGENCY, parent.agencyId());
  }

  /**
   * The agency's connection to the national server of the recorded network; the caller closes
   * {@code client}.
   */
  static Connection connect(AgencyClient client, Duration timeout) {
    return NationalCall.await(client.connection(), timeout);
  }

  static AgencyClient client(NodeRuntime runtime, RunDirMixin runDir, PeerId agency) {
    try {
      return AgencyClient.open(
          runtime.transport(),
          runDir.runDirectory().pkiDir(),
          agency.code(),
          NationalCall.address(runDir.recordedState()));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }
}
