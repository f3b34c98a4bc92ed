package jp.jukinet.sim.bench.peers;

import java.util.List;
import org.HdrHistogram.Recorder;

/**
 * A reference implementation of jukinet's transport round trip on another stack: a server on
 * 127.0.0.1 (port 0) and C client connections to it over mutual TLS 1.3 with the project's PKI,
 * each keeping W echoes of the same ~200-byte record in flight (closed loop). Benchmarks report
 * jukinet's figures as ratios to these, measured in the same run on the same machine.
 */
public interface ReferencePeer extends AutoCloseable {
  /**
   * Starts every connection's closed loop; returns one recorder per connection, into which each
   * completed round trip records its latency in nanoseconds.
   */
  List<Recorder> start();

  /** Stops issuing round trips; those in flight may still complete. */
  void stop();

  /** Round trips that failed or came back with another record than was sent. */
  long failures();

  /** How the run went over the wire, as RESULT fields: {@code transport=… tls=…}. */
  String wire();

  @Override
  void close();
}
