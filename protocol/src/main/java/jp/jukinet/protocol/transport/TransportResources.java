package jp.jukinet.protocol.transport;

/**
 * Event-loop groups shared by every node in one JVM (one boss, one worker group), so that
 * {@code --in-jvm} with 1,789 nodes does not create threads per node. Epoll when available.
 *
 * <p>STUB: implemented by the transport work. Suggested API:
 * {@code static TransportResources create(int workerThreads)}, {@code boss()}, {@code workers()},
 * {@code serverChannelClass()}, {@code channelClass()}, {@code close()}.
 */
public final class TransportResources implements AutoCloseable {
  @Override
  public void close() {}
}
