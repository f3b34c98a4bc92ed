package jp.jukinet.protocol.transport;

import jp.jukinet.protocol.proto.Envelope;

/**
 * A node's business logic as the transport sees it. Called on the connection's event loop after the
 * Hello was accepted, with requests only: never Hello, HelloAccepted, Heartbeat, nor any response
 * or Error (those are matched to {@link Connection#request} inside the transport, or dropped and
 * counted, docs/protocol.md §6.4), nor requests refused OVERLOADED (§6.5). Implementations must not
 * block: hand slow work (disk) to another executor. Links coming and going are told to a {@link
 * LinkListener}.
 */
@FunctionalInterface
public interface EnvelopeHandler {
  void onEnvelope(Connection connection, Envelope envelope);
}
