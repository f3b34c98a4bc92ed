package jp.jukinet.sim.cli.provision;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import jp.jukinet.node.runtime.NodeRuntime;
import jp.jukinet.protocol.media.MediaException;
import jp.jukinet.protocol.pki.PeerId;
import jp.jukinet.protocol.proto.BatchProvisionChunk;
import jp.jukinet.protocol.proto.BatchResult;
import jp.jukinet.protocol.proto.Envelope;
import jp.jukinet.protocol.proto.MediaDestroyRequest;
import jp.jukinet.protocol.proto.MediaDestroyResponse;
import jp.jukinet.protocol.transport.Connection;
import jp.jukinet.sim.cli.BaseCommand;
import jp.jukinet.sim.cli.CliException;
import jp.jukinet.sim.cli.DurationConverter;
import jp.jukinet.sim.cli.ExitCodes;
import jp.jukinet.sim.cli.InvalidInputException;
import jp.jukinet.sim.cli.RunDirMixin;
import jp.jukinet.sim.workload.AgencyClient;
import jp.jukinet.sim.workload.BatchOutput;
import jp.jukinet.sim.workload.MediaFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jukinet agency <id> media open|destroy}: the agency's 磁気媒体. */
@Command(
    name = "media",
    description = "磁気媒体: open a media file with this agency's key, or record its destruction.",
    subcommands = {
      HelpCommand.class,
      AgencyMediaCommand.Open.class,
      AgencyMediaCommand.Destroy.class
    })
final class AgencyMediaCommand extends BaseCommand {
  @ParentCommand AgencyCommand parent;

  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.INVALID_INPUT;
  }

  /** Decrypts a media file with the agency's private key into JSON lines or CSV. */
  @Command(
      name = "open",
      description =
          "Decrypt a media file written by 'agency <id> batch --media' with this agency's key; one"
              + " record per key, in order, as JSON lines (default) or CSV.")
  static final class Open extends BaseCommand {
    @ParentCommand AgencyMediaCommand media;

    @Mixin RunDirMixin runDir;

    @Parameters(index = "0", paramLabel = "<file>", description = "The media file.")
    Path file;

    @Option(names = "--out", description = "Write here instead of the standard output.")
    Path out;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or csv.")
    String format;

    @Override
    public Integer call() throws IOException {
      PeerId agency = AgencyLink.agency(media.parent);
      boolean csv =
          InvalidInputException.parsing(() -> BatchOutput.Format.parse(format))
              == BatchOutput.Format.CSV;
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException("no media file " + file);
      }
      MediaFile.AgencyKey key = MediaFile.AgencyKey.load(runDir.runDirectory().pkiDir(), agency);
      PrintWriter w =
          out == null
              ? out()
              : new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
      long records = 0;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        if (csv) {
          w.println(BatchOutput.csvHeader());
        }
        for (BatchProvisionChunk c = MediaFile.next(in); c != null; c = MediaFile.next(in)) {
          long index = c.getFirstIndex();
          for (BatchResult r : MediaFile.open(c, key).getResultsList()) {
            w.println(csv ? BatchOutput.csvLine(index++, r) : BatchOutput.jsonLine(index++, r));
            records++;
          }
        }
      } catch (MediaException e) {
        throw new CliException(
            ExitCodes.FAILURE,
            file + " does not open with the key of " + agency + ": " + e.getMessage());
      } finally {
        w.flush();
        if (out != null) {
          w.close();
        }
      }
      if (out != null) {
        out()
            .printf(
                "%s: %,d records opened with the key of %s into %s%n", file, records, agency, out);
      }
      return ExitCodes.OK;
    }
  }

  /** Tells the national server that a media batch was destroyed. */
  @Command(
      name = "destroy",
      description = "Record at the national server that a media batch's file was destroyed (消去).")
  static final class Destroy extends BaseCommand {
    @ParentCommand AgencyMediaCommand media;

    @Mixin RunDirMixin runDir;

    @Parameters(index = "0", paramLabel = "<batch>", description = "The media batch's id.")
    String batch;

    @Option(names = "--on", description = "The date it was destroyed (default: today).")
    String on;

    @Option(
        names = "--timeout",
        defaultValue = "20s",
        converter = DurationConverter.class,
        description = "Deadline for the answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
      PeerId agency = AgencyLink.agency(media.parent);
      String date = on == null ? LocalDate.now().toString() : on;
      try {
        LocalDate.parse(date);
      } catch (DateTimeParseException e) {
        throw new InvalidInputException("--on '" + on + "' is not a date (YYYY-MM-DD)");
      }
      try (NodeRuntime runtime = NodeRuntime.create(1, 1);
          AgencyClient client = AgencyLink.client(runtime, runDir, agency)) {
        Connection c = AgencyLink.connect(client, timeout);
        MediaDestroyResponse r =
            NationalCall.await(
                    c.request(
                        Envelope.newBuilder()
                            .setMediaDestroyRequest(
                                MediaDestroyRequest.newBuilder()
                                    .setBatchId(batch)
                                    .setDestroyedOn(date)),
                        timeout),
                    timeout.plusSeconds(1))
                .getMediaDestroyResponse();
        out()
            .printf(
                "media batch %s of %s: destroyed on %s, recorded at the national server at %s%n",
                r.getBatchId(), agency, date, Instant.ofEpochMilli(r.getRecordedAtMillis()));
        return ExitCodes.OK;
      }
    }
  }
}
