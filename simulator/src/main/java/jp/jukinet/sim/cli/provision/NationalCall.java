package jp.jukinet.sim.cli.provision;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.protocol.util.Futures;
import jp.jukinet.sim.cli.CliException;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.network.NetworkState;
import jp.jukinet.sim.workload.AgencyClient;

/**
 * What the commands that ask the national server share: its address from the state file, and
 * waiting for one answer within the deadline with the exit codes of the other client commands.
 */
public final class NationalCall {
  private NationalCall() {}

  /** The national server's address, or UNEXPECTED_STATE when it has not published one. */
  public static InetSocketAddress address(NetworkState state) {
    return AgencyClient.nationalAddress(state)
        .orElseThrow(
            () ->
                new CliException(
                    ExitCodes.UNEXPECTED_STATE,
                    "the network ("
                        + state.topology()
                        + ") has no national server with a published port"));
  }

  /**
   * The answer within {@code timeout}. A refusal: INVALID_INPUT for INVALID_REQUEST, else FAILURE,
   * with the server's message; no answer: UNEXPECTED_STATE naming the server.
   */
  public static <T> T await(CompletableFuture<T> answer, Duration timeout) {
    return await(answer, timeout, PeerId.national());
  }

  /** As {@link #await(CompletableFuture, Duration)}, for an answer from {@code server}. */
  public static <T> T await(CompletableFuture<T> answer, Duration timeout, PeerId server) {
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = Futures.unwrap(e);
      if (cause instanceof RemoteErrorException r) {
        throw new CliException(
            r.code() == ErrorCode.ERROR_CODE_INVALID_REQUEST
                ? ExitCodes.INVALID_INPUT
                : ExitCodes.FAILURE,
            r.getMessage());
      }
      if (cause instanceof TimeoutException) {
        throw noAnswer(timeout, server);
      }
      throw new CliException(
          ExitCodes.UNEXPECTED_STATE,
          "cannot reach " + server + ": " + Futures.unwrap(e).getMessage());
    } catch (TimeoutException e) {
      throw noAnswer(timeout, server);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILURE, "interrupted");
    }
  }

  private static CliException noAnswer(Duration timeout, PeerId server) {
    return new CliException(
        ExitCodes.UNEXPECTED_STATE,
        "no answer from " + server + " within " + timeout.toMillis() + " ms");
  }
}
