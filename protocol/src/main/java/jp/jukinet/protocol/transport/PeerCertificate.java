package jp.jukinet.protocol.transport;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import jp.jukinet.protocol.pki.CertificateSubject;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.wire.PeerText;

/** The peer identity and subject of a channel's TLS session. */
final class PeerCertificate {
  private PeerCertificate() {}

  /** The PeerId the verified peer certificate names. */
  static PeerId peerId(ChannelPipeline pipeline) throws SSLPeerUnverifiedException {
    SslHandler ssl = pipeline.get(SslHandler.class);
    if (ssl == null) {
      throw new SSLPeerUnverifiedException("no TLS on this channel");
    }
    return CertificateSubject.peerId(leaf(ssl.engine().getSession()));
  }

  /** The verified peer certificate; empty without TLS or before the handshake. */
  static Optional<X509Certificate> certificate(ChannelPipeline pipeline) {
    SslHandler ssl = pipeline.get(SslHandler.class);
    if (ssl == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(leaf(ssl.engine().getSession()));
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The certificate subject for logs, quoted (§8.4: before the Hello is accepted it is the peer's
   * text).
   */
  static String subject(ChannelPipeline pipeline) {
    SslHandler ssl = pipeline.get(SslHandler.class);
    if (ssl == null) {
      return "(no TLS)";
    }
    try {
      return PeerText.quote(leaf(ssl.engine().getSession()).getSubjectX500Principal().getName());
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      return "(no verified peer certificate)";
    }
  }

  private static X509Certificate leaf(SSLSession session) throws SSLPeerUnverifiedException {
    return (X509Certificate) session.getPeerCertificates()[0];
  }
}
