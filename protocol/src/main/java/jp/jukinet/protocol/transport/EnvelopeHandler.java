package jp.jukinet.protocol.transport;

import jp.jukinet.protocol.proto.Envelope;

/**
 * A node's business logic as the transport sees it. Called on the connection's event loop after
 * the Hello was accepted; never sees Hello, HelloAccepted or Heartbeat frames. Responses to
 * {@link Connection#request} are matched by correlation id inside the transport and are not
 * passed here. Implementations must not block: hand slow work (disk) to another executor. Links
 * coming and going are told to a {@link LinkListener}.
 */
@FunctionalInterface
public interface EnvelopeHandler {
  void onEnvelope(Connection connection, Envelope envelope);
}
