package jp.jukinet.sim.scenario;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukinet.protocol.config.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on one link (Toxiproxy-style): the node below dials it instead of its upstream, and
 * it passes bytes both ways untouched until told to cut the link (every connection closed, new ones
 * closed at once), drop (bytes swallowed, connections left open) or delay (each chunk held). TLS
 * runs end to end through it. Threads: one accepting, two per connection.
 */
final class FaultProxy implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

  /** What the proxy does to traffic. */
  enum State {
    PASS,
    CUT,
    DROP,
    DELAY
  }

  private final String link;
  private final HostPort target;
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile State state = State.PASS;
  private volatile long delayMillis;
  private volatile boolean closed;

  /**
   * @param link the link's name for logs ("pref-190004 → national")
   */
  FaultProxy(String link, HostPort target) throws IOException {
    this.link = link;
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "fault-proxy " + link);
    t.setDaemon(true);
    t.start();
  }

  /** Where the node below dials. */
  HostPort address() {
    return new HostPort("127.0.0.1", server.getLocalPort());
  }

  String link() {
    return link;
  }

  State state() {
    return state;
  }

  /** Cuts, drops, delays ({@code delayMillis}) or passes traffic from now on. */
  void set(State s, long delay) {
    LOG.info("fault proxy {}: {}{}", link, s, s == State.DELAY ? " " + delay + " ms" : "");
    this.delayMillis = delay;
    this.state = s;
    if (s == State.CUT) {
      closeAll();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket in;
      try {
        in = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (state == State.CUT) {
        quietClose(in);
        continue;
      }
      try {
        Socket out = new Socket();
        out.connect(new InetSocketAddress(target.host(), target.port()), 5_000);
        in.setTcpNoDelay(true);
        out.setTcpNoDelay(true);
        sockets.add(in);
        sockets.add(out);
        pump(in, out, "up");
        pump(out, in, "down");
      } catch (IOException e) {
        quietClose(in); // the upstream is down: the node below sees its dial fail
      }
    }
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (InputStream is = from.getInputStream();
                  OutputStream os = to.getOutputStream()) {
                int n;
                while ((n = is.read(buf)) >= 0) {
                  State s = state;
                  if (s == State.DROP) {
                    continue;
                  }
                  if (s == State.DELAY && delayMillis > 0) {
                    Thread.sleep(delayMillis);
                  }
                  os.write(buf, 0, n);
                  os.flush();
                }
              } catch (IOException e) {
                // a side closed: close both
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                quietClose(from);
                quietClose(to);
              }
            },
            "fault-proxy " + link + " " + direction);
    t.setDaemon(true);
    t.start();
  }

  private void closeAll() {
    for (Socket s : sockets) {
      quietClose(s);
    }
  }

  private void quietClose(Socket s) {
    sockets.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    closeAll();
  }
}
