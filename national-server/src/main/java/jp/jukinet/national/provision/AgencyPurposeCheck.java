package jp.jukinet.national.provision;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import jp.jukinet.node.provision.PurposeCheck;
import jp.jukinet.node.provision.Refusal;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.wire.PeerText;

/**
 * 目的外利用の禁止 at the national server: the requester is the agency its certificate names (never a field
 * it sends); the 事務 must be one the {@link AgencyRegistry} registers for that agency, and the
 * method one it may use for that 事務. Each refusal is PURPOSE_NOT_ALLOWED with its own rule.
 */
public final class AgencyPurposeCheck implements PurposeCheck {
  /** The certificate names no agency of the registry. */
  public static final String UNKNOWN_AGENCY = "unknown-agency";

  /** The 事務 is not one the registry registers for this agency. */
  public static final String JIMU_NOT_REGISTERED = "jimu-not-registered";

  /** The agency is registered for the 事務, but not by this method. */
  public static final String METHOD_NOT_ALLOWED = "method-not-allowed";

  private final AgencyRegistry registry;

  public AgencyPurposeCheck(AgencyRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public Optional<Refusal> check(PeerId requester, String jimuCode, ProvisionMethod method) {
    Optional<AgencyRegistry.Entry> agency =
        requester.role() == NodeRole.NODE_ROLE_AGENCY
            ? registry.agency(requester.code())
            : Optional.empty();
    if (agency.isEmpty()) {
      return refuse(
          requester, jimuCode, method, UNKNOWN_AGENCY, requester + " is no registered 提供先");
    }
    Optional<AgencyRegistry.Registration> registration = agency.get().registration(jimuCode);
    if (registration.isEmpty()) {
      String why =
          registry
              .holderOf(jimuCode)
              .map(
                  holder ->
                      jimuCode
                          + " is registered for "
                          + holder.agency().id()
                          + " ("
                          + holder.agency().name()
                          + "), not for "
                          + agency.get().agency().id())
              .orElse(PeerText.quote(jimuCode) + " is no 事務 of the registry");
      return refuse(requester, jimuCode, method, JIMU_NOT_REGISTERED, why);
    }
    if (!registration.get().methods().contains(method)) {
      String allowed =
          registration.get().methods().stream()
              .map(AgencyRegistry::word)
              .collect(Collectors.joining(", "));
      return refuse(
          requester,
          jimuCode,
          method,
          METHOD_NOT_ALLOWED,
          requester.code() + " may receive " + jimuCode + " only by " + allowed);
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(
      PeerId requester, String jimuCode, ProvisionMethod method, String rule, String why) {
    return Optional.of(
        new Refusal(
            rule,
            ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED,
            requester
                + " asked for 事務 "
                + PeerText.quote(jimuCode)
                + " by "
                + methodWord(method)
                + ": refused by rule "
                + rule
                + ": "
                + why));
  }

  private static String methodWord(ProvisionMethod method) {
    return method == ProvisionMethod.PROVISION_METHOD_UNSPECIFIED
            || method == ProvisionMethod.UNRECOGNIZED
        ? "no method"
        : AgencyRegistry.word(method);
  }
}
