package jp.jukinet.sim.workload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.jukinet.protocol.proto.BatchResult;
import jp.jukinet.protocol.proto.IdentityInfo;
import jp.jukinet.protocol.proto.Sex;

/**
 * A 一括提供's output file: one record per key, in index order, as JSON lines or CSV (with a header
 * line). Appends to what a previous run wrote, after cutting any record left half-written, so a
 * resumed batch holds each record exactly once.
 */
public final class BatchOutput implements AutoCloseable {
  /** The output's form. */
  public enum Format {
    JSONL,
    CSV;

    /** {@code jsonl} or {@code csv}. */
    public static Format parse(String text) {
      return switch (text.toLowerCase(java.util.Locale.ROOT)) {
        case "jsonl" -> JSONL;
        case "csv" -> CSV;
        default ->
            throw new IllegalArgumentException("format '" + text + "' is neither jsonl nor csv");
      };
    }
  }

  static final String CSV_HEADER =
      "index,status,juminhyo_code,individual_number,name,birth_date,sex,address,municipality_code,replaced_by_code,invalid_key";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Format format;
  private final BufferedWriter out;
  private long next;

  private BatchOutput(Format format, BufferedWriter out, long next) {
    this.format = format;
    this.out = out;
    this.next = next;
  }

  /**
   * Opens {@code file}: anew (truncated), or with {@code resume} after its complete records. {@link
   * #records()} is then the first index it does not hold.
   */
  public static BatchOutput open(Path file, Format format, boolean resume) throws IOException {
    long records = 0;
    if (resume && Files.exists(file)) {
      long lines = cutToCompleteLines(file);
      records = format == Format.CSV ? Math.max(0, lines - 1) : lines;
    } else {
      Files.deleteIfExists(file);
    }
    boolean fresh = !Files.exists(file) || Files.size(file) == 0;
    BufferedWriter w =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    BatchOutput o = new BatchOutput(format, w, records);
    if (fresh && format == Format.CSV) {
      w.write(CSV_HEADER);
      w.write('\n');
    }
    return o;
  }

  /** Records held: the next index to write. */
  public long records() {
    return next;
  }

  public void write(List<BatchResult> results) throws IOException {
    for (BatchResult r : results) {
      out.write(format == Format.JSONL ? jsonLine(next, r) : csvLine(next, r));
      out.write('\n');
      next++;
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** found, several, not_found or invalid. */
  public static String status(BatchResult r) {
    if (!r.getInvalidKey().isEmpty()) {
      return "invalid";
    }
    return switch (r.getMatchesCount()) {
      case 0 -> "not_found";
      case 1 -> "found";
      default -> "several";
    };
  }

  public static String csvHeader() {
    return CSV_HEADER;
  }

  /** One record as a JSON line (without its newline). */
  public static String jsonLine(long index, BatchResult r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("index", index);
    o.put("status", status(r));
    ArrayNode matches = o.putArray("matches");
    for (IdentityInfo m : r.getMatchesList()) {
      ObjectNode p = matches.addObject();
      p.put("juminhyo_code", m.getJuminhyoCode());
      p.put("individual_number", m.getIndividualNumber());
      p.put("name", m.getFourItems().getName());
      p.put("birth_date", m.getFourItems().getBirthDate());
      p.put("sex", sex(m.getFourItems().getSex()));
      p.put("address", m.getFourItems().getAddress());
      p.put("municipality_code", m.getMunicipalityCode());
      if (m.getRemoved()) {
        p.put("removed", true);
      }
    }
    if (!r.getReplacedByCode().isEmpty()) {
      o.put("replaced_by_code", r.getReplacedByCode());
    }
    if (!r.getInvalidKey().isEmpty()) {
      o.put("invalid_key", r.getInvalidKey());
    }
    return o.toString();
  }

  /** One record as a CSV line (without its newline). */
  public static String csvLine(long index, BatchResult r) {
    List<IdentityInfo> m = r.getMatchesList();
    return String.join(
        ",",
        Long.toString(index),
        status(r),
        cell(m, IdentityInfo::getJuminhyoCode),
        cell(m, IdentityInfo::getIndividualNumber),
        cell(m, i -> i.getFourItems().getName()),
        cell(m, i -> i.getFourItems().getBirthDate()),
        cell(m, i -> sex(i.getFourItems().getSex())),
        cell(m, i -> i.getFourItems().getAddress()),
        cell(m, IdentityInfo::getMunicipalityCode),
        quote(r.getReplacedByCode()),
        quote(r.getInvalidKey()));
  }

  /** One column over the matches: several matches' values joined with {@code |}. */
  private static String cell(List<IdentityInfo> matches, Function<IdentityInfo, String> f) {
    return quote(matches.stream().map(f).collect(Collectors.joining("|")));
  }

  private static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private static String sex(Sex s) {
    return switch (s) {
      case SEX_MALE -> "M";
      case SEX_FEMALE -> "F";
      default -> "";
    };
  }

  /** Cuts a trailing partial line; returns the number of complete lines. */
  private static long cutToCompleteLines(Path file) throws IOException {
    long lines = 0;
    long endOfLast = 0;
    long pos = 0;
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      for (int b = in.read(); b >= 0; b = in.read()) {
        pos++;
        if (b == '\n') {
          lines++;
          endOfLast = pos;
        }
      }
    }
    if (endOfLast < pos) {
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
        f.setLength(endOfLast);
      }
    }
    return lines;
  }
}
