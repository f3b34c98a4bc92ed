package jp.jukinet.protocol.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * Reads and writes the PKI's PEM files. Every error names the file and what is wrong with it.
 * Writes go to a temporary file in the same directory and are renamed into place, so a reader (a
 * node re-reading crl.pem) never sees half a file. Private keys are PKCS#8 ({@code BEGIN PRIVATE
 * KEY}) with mode 0600.
 */
public final class PemFiles {
  private PemFiles() {}

  public static X509Certificate readCertificate(Path file) {
    Object o = readSingle(file, "a certificate");
    if (!(o instanceof X509CertificateHolder holder)) {
      throw new PkiException(
          file + ": expected a PEM certificate (BEGIN CERTIFICATE), found " + describe(o));
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new PkiException(file + ": unreadable certificate: " + e.getMessage(), e);
    }
  }

  public static PrivateKey readPrivateKey(Path file) {
    Object o = readSingle(file, "a private key");
    try {
      // Default JCA provider: the key objects then work with both the JDK and the OpenSSL engines.
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (o instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
    } catch (IOException e) {
      throw new PkiException(file + ": unreadable private key: " + e.getMessage(), e);
    }
    throw new PkiException(
        file
            + ": expected an unencrypted PEM private key (BEGIN PRIVATE KEY), found "
            + describe(o));
  }

  public static X509CRL readCrl(Path file) {
    Object o = readSingle(file, "a CRL");
    if (!(o instanceof X509CRLHolder holder)) {
      throw new PkiException(file + ": expected a PEM CRL (BEGIN X509 CRL), found " + describe(o));
    }
    try {
      return new JcaX509CRLConverter().getCRL(holder);
    } catch (CRLException e) {
      throw new PkiException(file + ": unreadable CRL: " + e.getMessage(), e);
    }
  }

  public static String encode(Object pemObject) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(pemObject);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** PKCS#8 PEM of a private key. */
  public static String encodePrivateKey(PrivateKey key) {
    try {
      return encode(new JcaPKCS8Generator(key, null));
    } catch (PemGenerationException e) {
      throw new PkiException("cannot encode private key as PKCS#8: " + e.getMessage(), e);
    }
  }

  public static void writeCertificate(Path file, X509Certificate cert) {
    writeAtomically(file, encode(cert), false);
  }

  public static void writeCrl(Path file, X509CRL crl) {
    writeAtomically(file, encode(crl), false);
  }

  public static void writePrivateKey(Path file, PrivateKey key) {
    writeAtomically(file, encodePrivateKey(key), true);
  }

  /** Writes a temporary file next to {@code file} and renames it over {@code file}. */
  static void writeAtomically(Path file, String content, boolean secret) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      // createTempFile makes the file 0600; public files are widened after writing.
      tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      if (!secret) {
        setPosixPermissions(tmp, "rw-r--r--");
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new PkiException(file + ": cannot write: " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the write already failed and that error is reported
        }
      }
    }
  }

  private static void setPosixPermissions(Path file, String perms) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default permissions
    }
  }

  private static Object readSingle(Path file, String what) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      Object o = parser.readObject();
      if (o == null) {
        throw new PkiException(file + ": contains no PEM object (expected " + what + ")");
      }
      return o;
    } catch (NoSuchFileException e) {
      throw new PkiException(file + ": missing (expected " + what + ")", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof PkiException pe) {
        throw pe;
      }
      throw new PkiException(file + ": unreadable (expected " + what + "): " + e.getMessage(), e);
    }
  }

  private static String describe(Object o) {
    return o == null ? "nothing" : o.getClass().getSimpleName();
  }
}
