package jp.jukinet.national;

import java.util.List;
import java.util.Optional;
import jp.jukinet.national.batch.BatchProvisionService;
import jp.jukinet.node.provision.LookupResult;
import jp.jukinet.node.provision.Refusal;
import jp.jukinet.node.store.IdentityRegistry;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.NodeRole;

/**
 * INTERIM (replaced when the provision log, registry lookup and agency registry are merged):
 * agencies may use any 事務, keys are 住民票コード only, nothing is logged.
 */
final class InterimProvision {
  private InterimProvision() {}

  static BatchProvisionService.Deps deps(IdentityRegistry registry) {
    return new BatchProvisionService.Deps(
        (peer, jimu, method) ->
            peer.role() == NodeRole.NODE_ROLE_AGENCY && !jimu.equals("J99")
                ? Optional.empty()
                : Optional.of(
                    new Refusal(
                        "jimu-not-registered",
                        ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED,
                        peer.name() + " is not registered for 事務 " + jimu)),
        (key, asOf) -> {
          if (!key.hasJuminhyoCode()) {
            return LookupResult.invalid("only juminhyo codes in the interim lookup");
          }
          String code = key.getJuminhyoCode();
          if (!code.matches("[0-9]{11}")) {
            return LookupResult.invalid("not an 11-digit 住民票コード");
          }
          return new LookupResult(registry.current(code).map(List::of).orElse(List.of()), "", "");
        },
        (txn, event) -> 0,
        (txn, event) -> 0);
  }
}
