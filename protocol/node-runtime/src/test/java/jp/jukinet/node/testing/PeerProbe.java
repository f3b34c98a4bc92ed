package jp.jukinet.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.ErrorCode;
import jp.jukinet.protocol.testing.TestPki;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.protocol.transport.TransportClient;
import jp.jukinet.protocol.transport.TransportResources;
import jp.jukinet.protocol.transport.TransportSettings;

/**
 * Connects to a running node as any peer of a {@link TestPki} over real TLS and checks how the node
 * answers: what a hostile or confused peer would see.
 */
public final class PeerProbe implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final TestPki pki;
  private final TransportResources transport;
  private final List<Connection> opened = new ArrayList<>();

  public PeerProbe(TestPki pki, TransportResources transport) {
    this.pki = pki;
    this.transport = transport;
  }

  /**
   * A connection from {@code as} to the node {@code node} at {@code address}; closed with the
   * probe.
   */
  public Connection connect(PeerId as, PeerId node, InetSocketAddress address) throws Exception {
    Connection c =
        TransportClient.connect(
                transport,
                pki.tls(as),
                as,
                node,
                address,
                (connection, envelope) -> {},
                TransportSettings.defaults())
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    opened.add(c);
    return c;
  }

  /** The answer to {@code request}, which must not be an Error. */
  public static Envelope answer(Connection c, Envelope.Builder request) throws Exception {
    return c.request(request, TIMEOUT).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * Asserts that {@code request} is refused with a definite {@code code} whose message contains
   * every one of {@code mentions}, and that the connection stays up; returns the message.
   */
  public static String refused(
      Connection c, Envelope.Builder request, ErrorCode code, String... mentions) {
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> c.request(request, TIMEOUT).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    RemoteErrorException err = assertInstanceOf(RemoteErrorException.class, e.getCause());
    assertEquals(code, err.code(), err.getMessage());
    assertTrue(err.definite(), "a refusal is definite: " + err.getMessage());
    String sent = err.error().getMessage(); // as the node wrote it, not quoted for a log line
    for (String m : mentions) {
      assertTrue(sent.contains(m), "'" + sent + "' should mention '" + m + "'");
    }
    assertTrue(c.isActive(), "a refusal leaves the connection open");
    return sent;
  }

  @Override
  public void close() {
    opened.forEach(Connection::close);
  }
}
