package jp.jukinet.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import jp.jukinet.protocol.config.HostPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fault proxy passes, delays, drops and cuts traffic on a link, and heals. */
@Timeout(60)
class FaultProxyTest {
  private ServerSocket echo;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  Thread e =
                      new Thread(
                          () -> {
                            try (s) {
                              s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException ignored) {
                              // the test closed it
                            }
                          });
                  e.setDaemon(true);
                  e.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    proxy = new FaultProxy("test", new HostPort("127.0.0.1", echo.getLocalPort()));
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private Socket dial() throws IOException {
    Socket s = new Socket("127.0.0.1", proxy.address().port());
    s.setSoTimeout(5_000);
    return s;
  }

  private static byte[] roundTrip(Socket s, String text) throws IOException {
    byte[] out = text.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(out);
    s.getOutputStream().flush();
    return s.getInputStream().readNBytes(out.length);
  }

  @Test
  void passesThenDelaysThenHeals() throws IOException {
    try (Socket s = dial()) {
      assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), roundTrip(s, "hello"));
      proxy.set(FaultProxy.State.DELAY, 200);
      long t0 = System.nanoTime();
      roundTrip(s, "slow");
      assertTrue((System.nanoTime() - t0) / 1_000_000 >= 400, "held both ways");
      proxy.set(FaultProxy.State.PASS, 0);
      assertArrayEquals("again".getBytes(StandardCharsets.UTF_8), roundTrip(s, "again"));
    }
  }

  @Test
  void dropSwallowsBytesAndKeepsTheConnection() throws IOException {
    try (Socket s = dial()) {
      roundTrip(s, "x");
      proxy.set(FaultProxy.State.DROP, 0);
      s.setSoTimeout(300);
      s.getOutputStream().write(1);
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
    }
  }

  @Test
  void cutClosesConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
    Socket s = dial();
    roundTrip(s, "x");
    proxy.set(FaultProxy.State.CUT, 0);
    InputStream in = s.getInputStream();
    assertEquals(-1, readOrEnd(in), "the open connection is closed");
    s.close();
    try (Socket t = dial()) {
      assertEquals(-1, readOrEnd(t.getInputStream()), "a new one is closed at once");
    }
    proxy.set(FaultProxy.State.PASS, 0);
    try (Socket u = dial()) {
      assertArrayEquals("back".getBytes(StandardCharsets.UTF_8), roundTrip(u, "back"));
    }
  }

  /** -1 at end of stream or on a reset. */
  private static int readOrEnd(InputStream in) {
    try {
      return in.read();
    } catch (IOException e) {
      return -1;
    }
  }
}
