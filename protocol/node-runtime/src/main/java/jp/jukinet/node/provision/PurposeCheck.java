package jp.jukinet.node.provision;

import java.util.Optional;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.ProvisionMethod;

/**
 * 目的外利用の禁止: whether a requester (known from its certificate only) may receive 本人確認情報 for a 事務 by a
 * method.
 */
public interface PurposeCheck {
  /** Empty when allowed; else why not. */
  Optional<Refusal> check(PeerId requester, String jimuCode, ProvisionMethod method);
}
