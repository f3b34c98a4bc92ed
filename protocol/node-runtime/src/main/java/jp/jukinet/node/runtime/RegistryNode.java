package jp.jukinet.node.runtime;

import java.util.Map;
import jp.jukinet.node.store.IdentityRegistry;

/**
 * A server node built on a {@link RegistryServer} (都道府県サーバ, 全国サーバ): its transport and
 * registry are that one's.
 */
public interface RegistryNode extends NetworkNode {
  RegistryServer registryServer();

  @Override
  default NodeTransport transport() {
    return registryServer().transport();
  }

  /** The 本人確認情報 held here: lookups by code, 個人番号, 4情報, history and as-of. */
  default IdentityRegistry registry() {
    return registryServer().registry();
  }

  /** Per source municipality, the highest sequence applied here. */
  default Map<String, Long> appliedThrough() {
    return registryServer().appliedThrough();
  }
}
