package jp.jukinet.protocol.transport;

import jp.jukinet.protocol.proto.Envelope;

/**
 * A node's business logic as the transport sees it. Called on the connection's event loop after
 * the Hello was accepted; never sees Hello, HelloAccepted or Heartbeat frames. Responses to
 * {@link Connection#request} are matched by correlation id inside the transport and are not
 * passed here. Implementations must not block: hand slow work (disk) to another executor.
 */
public interface EnvelopeHandler {
  void onEnvelope(Connection connection, Envelope envelope);

  /** The link is up: the Hello was accepted (server side) or HelloAccepted arrived (client side). */
  default void onConnected(Connection connection) {}

  default void onDisconnected(Connection connection) {}
}
