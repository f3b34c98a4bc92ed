package jp.jukinet.cs;

import jp.jukinet.node.runtime.NodeMain;

/** {@code java jp.jukinet.cs.CsNodeMain <config.yaml>}: runs one cs-node until SIGTERM. */
public final class CsNodeMain {
  private CsNodeMain() {}

  public static void main(String[] args) {
    NodeMain.run("cs-node", args, CsNode::start);
  }
}
