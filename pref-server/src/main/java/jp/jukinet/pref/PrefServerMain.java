package jp.jukinet.pref;

import jp.jukinet.node.runtime.NodeMain;

/**
 * {@code java jp.jukinet.pref.PrefServerMain <config.yaml>}: runs one pref-server until SIGTERM.
 */
public final class PrefServerMain {
  private PrefServerMain() {}

  public static void main(String[] args) {
    NodeMain.run("pref-server", args, PrefServer::start);
  }
}
