package jp.jukinet.protocol.pki;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A leaf certificate with its private key, as issued by the network CA. */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {
  public IssuedCertificate {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
  }

  /** Writes {@code certFile} (PEM) and {@code keyFile} (PKCS#8 PEM, mode 0600). */
  public void writeTo(Path certFile, Path keyFile) {
    PemFiles.writePrivateKey(keyFile, privateKey);
    PemFiles.writeCertificate(certFile, certificate);
  }
}
