package jp.jukinet.protocol.provision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import jp.jukinet.protocol.proto.LogSeal;
import jp.jukinet.protocol.proto.ProvisionLogEntry;
import jp.jukinet.protocol.proto.ProvisionMethod;
import org.junit.jupiter.api.Test;

/** The hash and the signed bytes exactly as docs/protocol.md §7.5.7 words them. */
class LogChainTest {
  private static ProvisionLogEntry entry(long seq) {
    return ProvisionLogEntry.newBuilder()
        .setSequence(seq)
        .setAtMillis(1_600_000_000_000L)
        .setRequester("agency-A05")
        .setJimuCode("J07")
        .setMethod(ProvisionMethod.PROVISION_METHOD_IMMEDIATE)
        .setRequestId("m-" + seq)
        .addPersons("12345678901")
        .build();
  }

  @Test
  void theEntryHashIsSha256OfThePreviousHashAndTheEntryWithoutItsHash() throws Exception {
    ProvisionLogEntry e = entry(1);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(new byte[32]);
    md.update(e.toByteArray());
    ByteString expected = ByteString.copyFrom(md.digest());
    assertEquals(expected, LogChain.entryHash(LogChain.GENESIS, e));
    ProvisionLogEntry hashed = e.toBuilder().setEntryHash(expected).build();
    assertEquals(expected, LogChain.entryHash(LogChain.GENESIS, hashed), "its own hash left out");
    assertArrayEquals(hashed.toByteArray(), LogChain.withHash(e.toByteArray(), expected));
  }

  @Test
  void aSealSignsTheDocumentedBytes() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = g.generateKeyPair();
    ByteString h1 = LogChain.entryHash(LogChain.GENESIS, entry(1));
    ByteString h2 = LogChain.entryHash(h1, entry(2));
    LogSeal seal = LogChain.seal(2, 1_600_000_000_123L, true, List.of(h1, h2), keys.getPrivate());
    assertEquals(h2, seal.getChainHash());

    ByteArrayOutputStream doc = new ByteArrayOutputStream();
    doc.write("jukinet provision log seal v1\n".getBytes(StandardCharsets.US_ASCII));
    doc.write(ByteBuffer.allocate(17).putLong(2).putLong(1_600_000_000_123L).put((byte) 1).array());
    doc.write(h2.toByteArray());
    doc.write(h1.toByteArray());
    doc.write(h2.toByteArray());
    assertEquals(30 + 17 + 32 * 3, doc.size());
    assertArrayEquals(doc.toByteArray(), LogChain.sealedBytes(seal));

    Signature verify = Signature.getInstance("SHA256withECDSA");
    verify.initVerify(keys.getPublic());
    verify.update(doc.toByteArray());
    assertTrue(verify.verify(seal.getSignature().toByteArray()));
    assertTrue(LogChain.signatureValid(seal, keys.getPublic()));
    assertFalse(
        LogChain.signatureValid(seal.toBuilder().setAfterRestart(false).build(), keys.getPublic()));
    assertFalse(
        LogChain.signatureValid(
            seal.toBuilder().setSignature(ByteString.copyFromUtf8("x")).build(), keys.getPublic()));
  }
}
