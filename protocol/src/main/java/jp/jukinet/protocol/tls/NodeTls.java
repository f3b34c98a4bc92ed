package jp.jukinet.protocol.tls;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import jp.jukinet.protocol.pki.PeerId;

/**
 * One node's TLS identity and trust: its key and certificate, the network CA, and the CRL,
 * which is re-read when its file changes so a revocation holds on the next handshake.
 * TLS 1.3 only; servers require a client certificate. Host names are not verified: a peer's
 * identity is its role and code, checked against the Hello (see docs/protocol.md).
 *
 * <p>STUB: implemented by the PKI/TLS work.
 */
public interface NodeTls {
  PeerId self();

  SslContext serverContext();

  SslContext clientContext();

  /** Not-after of this node's certificate, epoch millis. */
  long certificateNotAfterMillis();

  /** Loads {@code <pkiDir>/ca.pem}, {@code <pkiDir>/crl.pem} and {@code <pkiDir>/nodes/<name>.{pem,key}}. */
  static NodeTls load(Path pkiDir, PeerId self) {
    throw new UnsupportedOperationException("NodeTls.load not implemented yet");
  }
}
