package jp.jukinet.protocol.media;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * 磁気媒体 encryption: CMS EnvelopedData (RFC 5652) whose one recipient is the holder of an EC
 * certificate, by ephemeral-static ECDH (KeyAgreeRecipientInfo, dhSinglePass-stdDH-sha256kdf, key
 * wrapped with AES-256 wrap) and content encrypted with AES-256-CBC. Only the private key of that
 * certificate opens it (docs/protocol.md §7.5).
 */
public final class MediaEnvelope {
  private static final Provider BC = new BouncyCastleProvider();
  private static final SecureRandom RANDOM = new SecureRandom();

  private MediaEnvelope() {}

  /** Envelopes {@code content} for the holder of {@code recipient} (an EC certificate). */
  public static byte[] seal(byte[] content, X509Certificate recipient) {
    Objects.requireNonNull(content, "content");
    if (!(recipient.getPublicKey() instanceof ECPublicKey ec)) {
      throw new IllegalArgumentException(
          recipient.getSubjectX500Principal().getName() + " does not hold an EC key");
    }
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
      g.initialize(ec.getParams(), RANDOM);
      KeyPair ephemeral = g.generateKeyPair();
      CMSEnvelopedDataGenerator gen = new CMSEnvelopedDataGenerator();
      gen.addRecipientInfoGenerator(
          new JceKeyAgreeRecipientInfoGenerator(
                  CMSAlgorithm.ECDH_SHA256KDF,
                  ephemeral.getPrivate(),
                  ephemeral.getPublic(),
                  CMSAlgorithm.AES256_WRAP)
              .addRecipient(recipient)
              .setProvider(BC));
      return gen.generate(
              new CMSProcessableByteArray(content),
              new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC)
                  .setProvider(BC)
                  .setSecureRandom(RANDOM)
                  .build())
          .getEncoded();
    } catch (GeneralSecurityException | CMSException | java.io.IOException e) {
      throw new IllegalStateException("enveloping media failed: " + e, e);
    }
  }

  /**
   * Opens what {@link #seal} made for {@code certificate}, with its private key.
   *
   * @throws MediaException when {@code enveloped} is not CMS enveloped data, has no recipient for
   *     {@code certificate}, or does not decrypt with {@code key}
   */
  public static byte[] open(byte[] enveloped, X509Certificate certificate, PrivateKey key) {
    CMSEnvelopedData data;
    try {
      data = new CMSEnvelopedData(enveloped);
    } catch (CMSException | RuntimeException e) {
      throw new MediaException("not CMS enveloped data: " + e.getMessage(), e);
    }
    RecipientInformation recipient =
        data.getRecipientInfos().get(new JceKeyAgreeRecipientId(certificate));
    if (recipient == null) {
      throw new MediaException(
          "the media is not enveloped for "
              + certificate.getSubjectX500Principal().getName()
              + " (serial "
              + certificate.getSerialNumber().toString(16)
              + "): only its recipient's key opens it");
    }
    try {
      return recipient.getContent(new JceKeyAgreeEnvelopedRecipient(key).setProvider(BC));
    } catch (CMSException | RuntimeException e) {
      throw new MediaException("the media does not open with this key: " + e.getMessage(), e);
    }
  }
}
