package jp.jukinet.node.provision;

import java.util.Objects;
import jp.jukinet.protocol.proto.ErrorCode;

/**
 * Why a provision request was refused: the rule it broke, the Error code it is answered with, and
 * the message (naming requester, 事務 and rule).
 */
public record Refusal(String rule, ErrorCode code, String message) {
  public Refusal {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
