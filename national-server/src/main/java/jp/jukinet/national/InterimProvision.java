package jp.jukinet.national;

import java.util.Optional;
import jp.jukinet.national.batch.BatchProvisionService;
import jp.jukinet.node.provision.Refusal;
import jp.jukinet.node.provision.RegistryLookup;
import jp.jukinet.node.runtime.RegistryServer;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.NodeRole;

/** INTERIM (replaced when the agency registry is merged): agencies may use any 事務 but J99. */
final class InterimProvision {
  private InterimProvision() {}

  static BatchProvisionService.Deps deps(RegistryServer server) {
    return new BatchProvisionService.Deps(
        (peer, jimu, method) ->
            peer.role() == NodeRole.NODE_ROLE_AGENCY && !jimu.equals("J99")
                ? Optional.empty()
                : Optional.of(
                    new Refusal(
                        "jimu-not-registered",
                        ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED,
                        peer.name() + " is not registered for 事務 " + jimu)),
        new RegistryLookup(server.registry()),
        server.provisionLog(),
        server.securityLog());
  }
}
