package jp.jukinet.sim.workload;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import jp.jukinet.protocol.media.MediaEnvelope;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.pki.PemFiles;
import jp.jukinet.protocol.proto.BatchProvisionChunk;
import jp.jukinet.protocol.proto.BatchResults;

/**
 * The 磁気媒体 file the CLI writes for a media batch: the {@code batch_provision_chunk}s exactly as
 * received, in index order, each preceded by its length as a protobuf varint (protobuf's
 * writeDelimitedTo). Each chunk's {@code media} is CMS enveloped data for the agency's certificate
 * holding a serialized {@code BatchResults}; nothing else in the file is secret.
 */
public final class MediaFile {
  private MediaFile() {}

  /** An agency's certificate and private key, as its run directory's PKI holds them. */
  public record AgencyKey(X509Certificate certificate, PrivateKey key) {
    public AgencyKey {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(key, "key");
    }

    public static AgencyKey load(Path pkiDir, PeerId agency) {
      Path nodes = pkiDir.resolve("nodes");
      return new AgencyKey(
          PemFiles.readCertificate(nodes.resolve(agency.name() + ".pem")),
          PemFiles.readPrivateKey(nodes.resolve(agency.name() + ".key")));
    }
  }

  /**
   * Cuts a trailing partial chunk off {@code file} (a run stopped while writing it) and returns the
   * first index the file does not hold: the last chunk's first index plus its results, opened with
   * {@code key}; 0 for an empty or missing file.
   */
  public static long resumeIndex(Path file, AgencyKey key) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    long good = 0;
    BatchProvisionChunk last = null;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      long pos = 0;
      while (true) {
        long length = 0;
        int shift = 0;
        int b;
        int varintBytes = 0;
        do {
          b = in.read();
          if (b < 0) {
            break;
          }
          varintBytes++;
          length |= (long) (b & 0x7f) << shift;
          shift += 7;
        } while ((b & 0x80) != 0 && shift < 64);
        if (b < 0) {
          break;
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
          break;
        }
        try {
          last = BatchProvisionChunk.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
          break;
        }
        pos += varintBytes + length;
        good = pos;
      }
    }
    if (good < Files.size(file)) {
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
        f.setLength(good);
      }
    }
    return last == null ? 0 : last.getFirstIndex() + open(last, key).getResultsCount();
  }

  public static void append(OutputStream out, BatchProvisionChunk chunk) throws IOException {
    chunk.writeDelimitedTo(out);
  }

  /** The next chunk, or null at the end of the file. */
  public static BatchProvisionChunk next(InputStream in) throws IOException {
    return BatchProvisionChunk.parseDelimitedFrom(in);
  }

  /**
   * The results one chunk holds, opened with {@code key}.
   *
   * @throws jp.jukinet.protocol.media.MediaException when the chunk is not for that key
   */
  public static BatchResults open(BatchProvisionChunk chunk, AgencyKey key) throws IOException {
    return BatchResults.parseFrom(
        MediaEnvelope.open(chunk.getMedia().toByteArray(), key.certificate(), key.key()));
  }
}
