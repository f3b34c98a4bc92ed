package jp.jukinet.sim.network;

import jp.jukinet.node.runtime.Node;
import jp.jukinet.protocol.pki.PeerId;

/** A node running inside this JVM on the shared runtime. */
final class InJvmNode implements RunningNode {
  private static final ProcessRef SELF = ProcessRef.of(ProcessHandle.current());

  private final Node node;
  private final int port;
  private volatile boolean alive = true;

  InJvmNode(Node node) {
    this.node = node;
    this.port = node.localAddress().getPort();
  }

  Node node() {
    return node;
  }

  @Override
  public PeerId id() {
    return node.id();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public ProcessRef process() {
    return SELF;
  }

  @Override
  public boolean isAlive() {
    return alive;
  }

  /** Abandons the node: sockets closed without goodbye, queued commits dropped, not awaited. */
  @Override
  public void kill() {
    alive = false;
    node.abandon();
  }

  @Override
  public void stop() {
    alive = false;
    node.close();
  }
}
