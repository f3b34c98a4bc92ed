package jp.jukinet.sim.network;

/**
 * A node process exited before it listened, or did not listen in time: the network did not start
 * (what had started is stopped).
 */
public final class NodesNotListeningException extends IllegalStateException {
  public NodesNotListeningException(String message) {
    super(message);
  }
}
