package jp.jukinet.pref.use;

import java.util.Objects;
import java.util.Optional;
import jp.jukinet.node.provision.PurposeCheck;
import jp.jukinet.node.provision.Refusal;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.proto.NodeRole;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.wire.PeerText;

/**
 * 目的外利用の禁止 at a prefecture server: a 業務端末 (known from its certificate, {@code term-<prefecture
 * code>-<nn>}) may receive 本人確認情報 only for a 事務 of this prefecture's registry that one of the
 * offices it serves keeps (所管), and only by 即時提供. Every refusal is {@code PURPOSE_NOT_ALLOWED}
 * naming terminal, 事務 (quoted: it is the peer's text) and rule; the service that asks writes it to
 * the security log and counts it.
 */
public final class PrefPurposeCheck implements PurposeCheck {
  /** A terminal of another prefecture. */
  public static final String RULE_OTHER_PREFECTURE = "terminal-of-another-prefecture";

  /** A requester that is not a 業務端末. */
  public static final String RULE_NOT_TERMINAL = "not-a-terminal";

  /** A 事務 code this prefecture has not registered. */
  public static final String RULE_UNKNOWN_JIMU = "unknown-jimu";

  /** A registered 事務 none of the terminal's offices keeps. */
  public static final String RULE_NOT_OFFICE = "jimu-not-kept-by-terminal-office";

  /** Anything but 即時提供 (a terminal makes single lookups only). */
  public static final String RULE_METHOD = "method-not-allowed";

  private final PeerId prefecture;
  private final PrefJimuRegistry registry;

  public PrefPurposeCheck(PeerId prefecture, PrefJimuRegistry registry) {
    this.prefecture = Objects.requireNonNull(prefecture, "prefecture");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public Optional<Refusal> check(PeerId requester, String jimuCode, ProvisionMethod method) {
    String quoted = PeerText.quote(jimuCode); // the peer's text: quoted wherever it is shown
    if (requester.role() != NodeRole.NODE_ROLE_PREF_TERMINAL) {
      return refuse(RULE_NOT_TERMINAL, requester + " is not a 業務端末 of " + prefecture);
    }
    String ownPrefix = prefecture.code() + "-";
    if (!requester.code().startsWith(ownPrefix)) {
      return refuse(
          RULE_OTHER_PREFECTURE,
          requester + " is not a 業務端末 of " + prefecture + " (事務 " + quoted + ")");
    }
    if (method != ProvisionMethod.PROVISION_METHOD_IMMEDIATE) {
      return refuse(
          RULE_METHOD,
          requester + ": 事務 " + quoted + " by " + method + ": a 業務端末 may use 即時提供 only");
    }
    Optional<PrefJimu> jimu = registry.byCode(jimuCode);
    if (jimu.isEmpty()) {
      return refuse(
          RULE_UNKNOWN_JIMU, requester + ": 事務 " + quoted + " is not registered at " + prefecture);
    }
    String terminal = requester.code().substring(ownPrefix.length());
    if (!registry.allowed(terminal, jimu.get())) {
      return refuse(
          RULE_NOT_OFFICE,
          requester
              + ": 事務 "
              + quoted
              + " is kept by "
              + String.join("・", jimu.get().offices().stream().map(PrefOffice::name).toList())
              + ", not by an office this terminal serves");
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(String rule, String message) {
    return Optional.of(
        new Refusal(rule, ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED, message + " [" + rule + "]"));
  }

  public PrefJimuRegistry registry() {
    return registry;
  }
}
