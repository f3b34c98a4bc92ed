package jp.jukinet.sim.network;

import java.time.Duration;
import jp.jukinet.sim.status.NetworkStatus;

/** Not every link came up (or not every node answered) in time. */
public final class LinksNotUpException extends IllegalStateException {
  private final transient NetworkStatus status;

  public LinksNotUpException(NetworkStatus status, Duration timeout) {
    super(
        status.linksUp()
            + " of "
            + status.linksExpected()
            + " links up and "
            + status.nodesAnswering()
            + " of "
            + status.nodes().size()
            + " nodes answering after "
            + timeout.toSeconds()
            + "s"
            + (status.linksNotUp().isEmpty()
                ? ""
                : "; not up: "
                    + String.join(
                        ", ",
                        status.linksNotUp().subList(0, Math.min(10, status.linksNotUp().size())))
                    + (status.linksNotUp().size() > 10 ? ", …" : ""))
            + (status.notAnswering().isEmpty()
                ? ""
                : "; not answering: "
                    + String.join(
                        ", ",
                        status
                            .notAnswering()
                            .subList(0, Math.min(10, status.notAnswering().size())))
                    + (status.notAnswering().size() > 10 ? ", …" : "")));
    this.status = status;
  }

  public NetworkStatus status() {
    return status;
  }
}
