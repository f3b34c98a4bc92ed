package jp.jukinet.node.provision;

import java.util.List;
import java.util.Objects;
import jp.jukinet.protocol.proto.ProvisionMethod;

/**
 * One provision (提供) as the provision log records it: one 即時提供, or one chunk of a 一括提供.
 *
 * @param requester the requester's certificate name ({@code agency-A05}, {@code term-190004-01})
 * @param jimuCode the 事務 it was made for
 * @param method 提供方法
 * @param requestId the 即時提供's message id, or the 一括提供's batch id
 * @param firstIndex for a 一括提供, the index in the batch of {@code persons[0]}; else 0
 * @param persons the 住民票コード of every person provided (a chunk's keys not found are absent)
 * @param atMillis when, on the node's clock
 */
public record ProvisionEvent(
    String requester,
    String jimuCode,
    ProvisionMethod method,
    String requestId,
    long firstIndex,
    List<String> persons,
    long atMillis) {
  public ProvisionEvent {
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(jimuCode, "jimuCode");
    Objects.requireNonNull(requestId, "requestId");
    persons = List.copyOf(persons);
    if (method == null || method == ProvisionMethod.PROVISION_METHOD_UNSPECIFIED) {
      throw new IllegalArgumentException("provision by " + requester + ": no method");
    }
    if (firstIndex < 0) {
      throw new IllegalArgumentException("provision by " + requester + ": first index < 0");
    }
  }
}
