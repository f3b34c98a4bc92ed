package jp.jukinet.sim.cli.provision;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.ProvisionMethod;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.protocol.transport.RemoteErrorException;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.CliException;
import jp.jukinet.sim.cli.DurationConverter;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.InvalidInputException;
import jp.jukinet.sim.cli.RunDirMixin;
import jp.jukinet.sim.network.RunDirectory;
import jp.jukinet.sim.workload.AgencyClient;
import jp.jukinet.sim.workload.BatchClient;
import jp.jukinet.sim.workload.BatchException;
import jp.jukinet.sim.workload.BatchOutput;
import jp.jukinet.sim.workload.KeyFile;
import jp.jukinet.sim.workload.MediaFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jukinet agency <id> batch}: a 一括提供 from a key file to an output file, with a progress bar
 * and the rate; {@code --resume} continues a run that stopped, from the first record the output
 * does not hold. What a run needs to resume (batch id, 事務, method, key count, format) is kept next
 * to the output in {@code <out>.batch}.
 */
@Command(
    name = "batch",
    description =
        "一括提供: look up every key of a file at the national server, as one batch, into an output file.%n"
            + "Key file: UTF-8, one key per line (line n is key n, from 0): an 11-digit 住民票コード, a 12-digit"
            + " 個人番号, or 4情報 as tab-separated name, birth date (YYYY-MM-DD)[, sex M/F[, address]].%n"
            + "Output: one record per key, in order: JSON lines (default) or CSV (--format csv, or an"
            + " --out ending in .csv). With --media the output is the encrypted 磁気媒体 file instead"
            + " (open it with 'agency <id> media open').")
final class AgencyBatchCommand extends BaseCommand {
  @ParentCommand AgencyCommand parent;

  @Mixin RunDirMixin runDir;

  @Option(names = "--jimu", required = true, description = "The 事務 code (e.g. J39).")
  String jimu;

  @Option(names = "--keys", required = true, description = "The key file.")
  Path keys;

  @Option(names = "--out", required = true, description = "The output file.")
  Path out;

  @Option(names = "--resume", description = "Continue the run that wrote --out.")
  boolean resume;

  @Option(names = "--media", description = "磁気媒体: write the results encrypted for this agency.")
  boolean media;

  @Option(names = "--format", description = "jsonl or csv (default: from --out's extension).")
  String format;

  @Option(names = "--batch-id", description = "The batch id (default: <jimu>-<date>-<time>).")
  String batchId;

  @Option(
      names = "--keys-per-frame",
      defaultValue = "2000",
      description = "Keys per batch_keys frame (default: ${DEFAULT-VALUE}).")
  int keysPerFrame;

  @Option(
      names = "--window",
      defaultValue = "16",
      description = "Chunks of credit, and so frames in flight (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Deadline for each answer (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws IOException {
    PeerId agency = AgencyLink.agency(parent);
    RunDirectory dir = runDir.runDirectory();
    Path sidecar = out.resolveSibling(out.getFileName() + ".batch");
    ProvisionMethod method =
        media
            ? ProvisionMethod.PROVISION_METHOD_BATCH_MEDIA
            : ProvisionMethod.PROVISION_METHOD_BATCH_LINE;
    BatchOutput.Format form = format();
    Properties run = resume ? readRun(sidecar, method) : newRun(sidecar, method, form);
    String id = run.getProperty("batch_id");
    long keyCount = Long.parseLong(run.getProperty("key_count"));
    form = BatchOutput.Format.valueOf(run.getProperty("format"));
    MediaFile.AgencyKey key = media ? MediaFile.AgencyKey.load(dir.pkiDir(), agency) : null;

    long start;
    BatchOutput lines = null;
    OutputStream mediaOut = null;
    if (media) {
      if (!resume) {
        Files.deleteIfExists(out);
      }
      start = MediaFile.resumeIndex(out, key);
      mediaOut =
          new BufferedOutputStream(
              Files.newOutputStream(out, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
              1 << 16);
    } else {
      lines = BatchOutput.open(out, form, resume);
      start = lines.records();
    }
    ProgressBar bar =
        new ProgressBar(err(), "batch " + id, keyCount, start, System.console() != null);
    long[] done = {start};
    try (NodeRuntime runtime = NodeRuntime.create(1, 1);
        AgencyClient client = AgencyLink.client(runtime, runDir, agency);
        KeyFile.Keys source = InvalidInputException.parsing(() -> open(start));
        BatchOutput lineOut = lines;
        OutputStream mediaStream = mediaOut) {
      if (start >= keyCount) {
        out().printf("batch %s: all %,d records are already in %s%n", id, keyCount, out);
        return ExitCodes.OK;
      }
      Connection c = AgencyLink.connect(client, timeout);
      try {
        BatchClient.Summary s =
            new BatchClient(
                    c,
                    new BatchClient.Options(
                        id, jimu, method, keyCount, start, keysPerFrame, window, timeout))
                .run(
                    source,
                    (chunk, n) -> {
                      if (mediaStream != null) {
                        MediaFile.append(mediaStream, chunk);
                        mediaStream.flush();
                        done[0] = chunk.getFirstIndex() + n;
                      } else {
                        lineOut.write(chunk.getResultsList());
                        done[0] = lineOut.records();
                      }
                      bar.update(done[0]);
                    });
        bar.finish(done[0]);
        out()
            .printf(
                Locale.ROOT,
                "batch %s: %,d records (%s) from index %,d to %,d in %s, %,.0f records/s, %,d chunks%n",
                id,
                s.records(),
                media ? "磁気媒体, encrypted for " + agency : form.name().toLowerCase(Locale.ROOT),
                start,
                keyCount,
                out,
                bar.rate(done[0]),
                s.chunks());
        return ExitCodes.OK;
      } catch (BatchException e) {
        bar.finish(done[0]);
        throw new CliException(
            ExitCodes.FAILURE,
            "batch "
                + id
                + " stopped at index "
                + e.resumeFrom()
                + ": "
                + e.getMessage()
                + resumeHint(e));
      } finally {
        c.close();
      }
    } catch (UncheckedIOException e) {
      throw new CliException(ExitCodes.FAILURE, "reading " + keys + " failed: " + e.getMessage());
    }
  }

  /**
   * A refusal that names a wrong request (purpose, 事務, batch id) is not cured by resuming; a lost
   * connection, a timeout or a node's failure is.
   */
  private static String resumeHint(BatchException e) {
    if (e.getCause() instanceof RemoteErrorException r && r.definite()) {
      return r.getMessage().contains("fewer keys per batch_keys")
          ? "; run the same command with --resume and a smaller --keys-per-frame"
          : "";
    }
    return "; run the same command with --resume to continue";
  }

  private KeyFile.Keys open(long start) {
    try {
      return new KeyFile(keys).from(start);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private BatchOutput.Format format() {
    if (format != null) {
      return InvalidInputException.parsing(() -> BatchOutput.Format.parse(format));
    }
    return out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
        ? BatchOutput.Format.CSV
        : BatchOutput.Format.JSONL;
  }

  private Properties newRun(Path sidecar, ProvisionMethod method, BatchOutput.Format form)
      throws IOException {
    if (!Files.isRegularFile(keys)) {
      throw new InvalidInputException("no key file " + keys);
    }
    long count = InvalidInputException.parsing(this::countKeys);
    if (count == 0) {
      throw new InvalidInputException(keys + " holds no keys");
    }
    Properties p = new Properties();
    p.setProperty(
        "batch_id",
        batchId != null
            ? batchId
            : jimu
                + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    p.setProperty("jimu", jimu);
    p.setProperty("method", method.name());
    p.setProperty("key_count", Long.toString(count));
    p.setProperty("keys", keys.toAbsolutePath().toString());
    p.setProperty("format", form.name());
    try (Writer w = Files.newBufferedWriter(sidecar, StandardCharsets.UTF_8)) {
      p.store(w, "jukinet agency batch: what --resume needs");
    }
    return p;
  }

  private long countKeys() {
    try {
      return new KeyFile(keys).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Properties readRun(Path sidecar, ProvisionMethod method) throws IOException {
    if (!Files.isRegularFile(sidecar)) {
      throw new InvalidInputException(
          "nothing to resume: " + sidecar + " is missing (run without --resume first)");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(sidecar, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    if (!jimu.equals(p.getProperty("jimu")) || !method.name().equals(p.getProperty("method"))) {
      throw new InvalidInputException(
          out
              + " was written by a batch for 事務 "
              + p.getProperty("jimu")
              + " by "
              + p.getProperty("method")
              + ", not "
              + jimu
              + " by "
              + method.name());
    }
    if (batchId != null && !batchId.equals(p.getProperty("batch_id"))) {
      throw new InvalidInputException(
          out + " belongs to batch " + p.getProperty("batch_id") + ", not " + batchId);
    }
    return p;
  }
}
