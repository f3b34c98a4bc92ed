package jp.jukinet.protocol.transport;

/**
 * Told when a link comes up and goes down, on the connection's event loop; kept apart from {@link
 * EnvelopeHandler} so that watching links never wraps the path every message takes. Implementations
 * must not block.
 */
public interface LinkListener {
  /** Listens to nothing. */
  LinkListener NONE =
      new LinkListener() {
        @Override
        public void onConnected(Connection connection) {}

        @Override
        public void onDisconnected(Connection connection) {}
      };

  /**
   * The link is up: the Hello was accepted (server side) or HelloAccepted arrived (client side).
   */
  void onConnected(Connection connection);

  /** A link that was up has closed. */
  void onDisconnected(Connection connection);
}
