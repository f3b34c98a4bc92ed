package jp.jukinet.protocol.transport;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLPeerUnverifiedException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.tls.PeerCertificates;

/** The peer identity and subject of a channel's TLS session. */
final class PeerCertificate {
  private PeerCertificate() {}

  /** The PeerId the verified peer certificate names. */
  static PeerId peerId(ChannelPipeline pipeline) throws SSLPeerUnverifiedException {
    SslHandler ssl = pipeline.get(SslHandler.class);
    if (ssl == null) {
      throw new SSLPeerUnverifiedException("no TLS on this channel");
    }
    return PeerCertificates.peerId(PeerCertificates.peerCertificate(ssl.engine().getSession()));
  }

  /** The certificate subject for logs. */
  static String subject(ChannelPipeline pipeline) {
    SslHandler ssl = pipeline.get(SslHandler.class);
    return ssl == null ? "(no TLS)" : PeerCertificates.subjectForLog(ssl.engine().getSession());
  }
}
