package jp.jukinet.national;

import jp.jukinet.node.runtime.NodeMain;

/**
 * {@code java jp.jukinet.national.NationalServerMain <config.yaml>}: runs one national-server until
 * SIGTERM.
 */
public final class NationalServerMain {
  private NationalServerMain() {}

  public static void main(String[] args) {
    NodeMain.run("national-server", args, NationalServer::start);
  }
}
