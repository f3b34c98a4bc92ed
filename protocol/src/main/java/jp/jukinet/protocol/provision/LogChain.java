package jp.jukinet.protocol.provision;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import jp.jukinet.protocol.proto.LogSeal;
import jp.jukinet.protocol.proto.ProvisionLogEntry;

/**
 * The provision log's hash chain and seals (docs/protocol.md §7.5), shared by the node that writes
 * the log and every verifier: {@code entry_hash = SHA-256(previous entry_hash || entry serialized
 * with entry_hash empty)}, the previous hash of entry 1 being 32 zero bytes; a seal's signature is
 * SHA256withECDSA over {@link #sealedBytes}.
 */
public final class LogChain {
  public static final int HASH_BYTES = 32;
  public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  /** What entry 1 chains to. */
  public static final ByteString GENESIS = ByteString.copyFrom(new byte[HASH_BYTES]);

  /** Leads the signed bytes, so a seal's signature cannot be taken for any other signature. */
  static final byte[] SEAL_TAG = "jukinet provision log seal v1\n".getBytes(StandardCharsets.UTF_8);

  /** Field 9, length-delimited: (9 << 3) | 2. */
  private static final byte ENTRY_HASH_TAG =
      (byte) ((ProvisionLogEntry.ENTRY_HASH_FIELD_NUMBER << 3) | 2);

  private LogChain() {}

  /** The entry's hash from its serialized bytes without {@code entry_hash}. */
  public static ByteString entryHash(ByteString previous, byte[] unhashedEntry) {
    MessageDigest md = sha256();
    md.update(previous.asReadOnlyByteBuffer());
    md.update(unhashedEntry);
    return ByteString.copyFrom(md.digest());
  }

  /**
   * The serialized entry with {@code entry_hash} set, from its bytes without it: {@code entry_hash}
   * is the entry's last field, so appending it keeps the fields in number order.
   */
  public static byte[] withHash(byte[] unhashedEntry, ByteString hash) {
    if (hash.size() != HASH_BYTES) {
      throw new IllegalArgumentException("an entry hash is " + HASH_BYTES + " bytes");
    }
    byte[] out = Arrays.copyOf(unhashedEntry, unhashedEntry.length + 2 + HASH_BYTES);
    out[unhashedEntry.length] = ENTRY_HASH_TAG;
    out[unhashedEntry.length + 1] = HASH_BYTES;
    hash.copyTo(out, unhashedEntry.length + 2);
    return out;
  }

  /** The entry's hash as it should be, whatever its {@code entry_hash} field holds. */
  public static ByteString entryHash(ByteString previous, ProvisionLogEntry entry) {
    return entryHash(previous, entry.toBuilder().clearEntryHash().build().toByteArray());
  }

  /**
   * The bytes a seal signs: the ASCII tag {@code "jukinet provision log seal v1\n"}, {@code
   * through_sequence} and {@code at_millis} as 8-byte big-endian, {@code after_restart} as one byte
   * (0 or 1), {@code chain_hash}, then every {@code entry_hashes} element in order.
   */
  public static byte[] sealedBytes(
      long throughSequence,
      long atMillis,
      boolean afterRestart,
      ByteString chainHash,
      List<ByteString> entryHashes) {
    int size = SEAL_TAG.length + 17 + chainHash.size();
    for (ByteString h : entryHashes) {
      size += h.size();
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(SEAL_TAG).putLong(throughSequence).putLong(atMillis).put((byte) (afterRestart ? 1 : 0));
    chainHash.copyTo(b);
    for (ByteString h : entryHashes) {
      h.copyTo(b);
    }
    return b.array();
  }

  public static byte[] sealedBytes(LogSeal seal) {
    return sealedBytes(
        seal.getThroughSequence(),
        seal.getAtMillis(),
        seal.getAfterRestart(),
        seal.getChainHash(),
        seal.getEntryHashesList());
  }

  /** A signed seal over {@code entryHashes} (non-empty, the last being the chain head). */
  public static LogSeal seal(
      long throughSequence,
      long atMillis,
      boolean afterRestart,
      List<ByteString> entryHashes,
      PrivateKey key) {
    if (entryHashes.isEmpty()) {
      throw new IllegalArgumentException("a seal covers at least one entry");
    }
    ByteString head = entryHashes.get(entryHashes.size() - 1);
    try {
      Signature s = Signature.getInstance(SIGNATURE_ALGORITHM);
      s.initSign(key);
      s.update(sealedBytes(throughSequence, atMillis, afterRestart, head, entryHashes));
      return LogSeal.newBuilder()
          .setThroughSequence(throughSequence)
          .setChainHash(head)
          .setAtMillis(atMillis)
          .setAfterRestart(afterRestart)
          .addAllEntryHashes(entryHashes)
          .setSignature(ByteString.copyFrom(s.sign()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a log seal: " + e.getMessage(), e);
    }
  }

  /** Whether {@code seal}'s signature is the holder of {@code key}'s over its fields. */
  public static boolean signatureValid(LogSeal seal, PublicKey key) {
    try {
      Signature s = Signature.getInstance(SIGNATURE_ALGORITHM);
      s.initVerify(key);
      s.update(sealedBytes(seal));
      return s.verify(seal.getSignature().toByteArray());
    } catch (GeneralSecurityException e) {
      return false; // a malformed signature is an invalid one
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
