package jp.jukinet.sim.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.protocol.util.Futures;

/**
 * Records one operation of the provision steps in the run's metrics (latency under its name) and as
 * an {@code op} line of the history with its own fields.
 */
final class OperationLog {
  private final Metrics metrics;
  private final History history;

  OperationLog(Metrics metrics, History history) {
    this.metrics = metrics;
    this.history = history;
  }

  /**
   * @param fields the operation's own fields (agency, 事務 …), written after {@code op}
   * @param error why it failed, or null
   */
  void record(
      String op,
      long startNanos,
      long endNanos,
      boolean ok,
      Map<String, Object> fields,
      Throwable error) {
    metrics.record(op, startNanos, endNanos, ok);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("op", op);
    f.putAll(fields);
    f.put("ms", Math.round((endNanos - startNanos) / 1e4) / 100.0);
    f.put("ok", ok);
    if (error != null) {
      f.put("error", message(error));
    }
    history.record("op", System.currentTimeMillis(), f);
  }

  /** A purpose-limit breach: a forbidden request was answered. */
  void breach(Map<String, Object> fields) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("kind", "purpose_limit");
    f.putAll(fields);
    history.record("breach", System.currentTimeMillis(), f);
  }

  static String message(Throwable error) {
    Throwable t = Futures.unwrap(error);
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  /** The server refused by 目的外利用の禁止. */
  static boolean purposeRefused(Throwable error) {
    return error != null
        && Futures.unwrap(error) instanceof RemoteErrorException r
        && r.code() == ErrorCode.ERROR_CODE_PURPOSE_NOT_ALLOWED;
  }

  /** The server answered for sure (nothing was done, or it was refused): not a lost answer. */
  static boolean definite(Throwable error) {
    return error == null
        || (Futures.unwrap(error) instanceof RemoteErrorException r && r.definite());
  }
}
