package jp.jukinet.sim.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import jp.jukinet.protocol.proto.FourItems;
import jp.jukinet.protocol.proto.ProvisionKey;
import jp.jukinet.protocol.proto.Sex;

/**
 * A 一括提供 key file: UTF-8, one key per line, line n (from 0) being the batch's index n. A line is an
 * 11-digit 住民票コード, a 12-digit 個人番号, or 4情報 as tab-separated fields: name, birth date (ISO-8601),
 * and optionally sex ({@code M}/{@code F} or 男/女) and address. Any other line without a tab is sent
 * as a 住民票コード and the server flags it as malformed; the file is read as a stream, never held whole.
 */
public final class KeyFile {
  private final Path file;

  public KeyFile(Path file) {
    this.file = file;
  }

  /**
   * The number of keys, checking every line's form as far as the client must (a sex column that is
   * none of M, F, 男, 女 is refused with its line number).
   */
  public long count() throws IOException {
    long n = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        parse(line, n);
        n++;
      }
    }
    return n;
  }

  /** The keys from index {@code from}, as a stream; the caller closes it. */
  public Keys from(long from) throws IOException {
    BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    for (long i = 0; i < from; i++) {
      if (r.readLine() == null) {
        r.close();
        throw new IllegalArgumentException(file + " has only " + i + " keys, fewer than " + from);
      }
    }
    return new Keys(r, from);
  }

  /** Keys read line by line. */
  public static final class Keys implements Iterator<ProvisionKey>, AutoCloseable {
    private final BufferedReader reader;
    private long index;
    private String line;

    Keys(BufferedReader reader, long index) {
      this.reader = reader;
      this.index = index;
    }

    @Override
    public boolean hasNext() {
      if (line == null) {
        try {
          line = reader.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return line != null;
    }

    @Override
    public ProvisionKey next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ProvisionKey k = parse(line, index++);
      line = null;
      return k;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /** One line as a key. */
  public static ProvisionKey parse(String line, long index) {
    if (line.indexOf('\t') < 0) {
      String s = line.strip();
      return s.length() == 12 && s.chars().allMatch(c -> c >= '0' && c <= '9')
          ? ProvisionKey.newBuilder().setIndividualNumber(s).build()
          : ProvisionKey.newBuilder().setJuminhyoCode(s).build();
    }
    String[] f = line.split("\t", -1);
    FourItems.Builder four = FourItems.newBuilder().setName(f[0]);
    if (f.length > 1) {
      four.setBirthDate(f[1].strip());
    }
    if (f.length > 2) {
      four.setSex(sex(f[2].strip(), index));
    }
    if (f.length > 3) {
      four.setAddress(f[3]);
    }
    return ProvisionKey.newBuilder().setFourItems(four).build();
  }

  private static Sex sex(String s, long index) {
    return switch (s) {
      case "" -> Sex.SEX_UNSPECIFIED;
      case "M", "男" -> Sex.SEX_MALE;
      case "F", "女" -> Sex.SEX_FEMALE;
      default ->
          throw new IllegalArgumentException(
              "key line " + (index + 1) + ": sex '" + s + "' is none of M, F, 男, 女");
    };
  }
}
