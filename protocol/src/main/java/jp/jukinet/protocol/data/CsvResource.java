package jp.jukinet.protocol.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one of the bundled data tables (docs/design.md §11): UTF-8, one header row,
 * comma-separated, no quoting. A malformed table is a packaging bug, so problems fail loudly with
 * file and line.
 */
public final class CsvResource {
  static final String DIR = "/jp/jukinet/data/";

  /** One data row with its 1-based line number, for error messages. */
  public record Row(String file, int line, String[] fields) {
    public String field(int i) {
      return fields[i];
    }

    public IllegalStateException error(String what) {
      return new IllegalStateException(file + " line " + line + ": " + what);
    }
  }

  private CsvResource() {}

  static List<Row> read(String file, String expectedHeader) {
    return readResource(DIR + file, expectedHeader);
  }

  /** As {@link #read}, for a table a node module bundles at classpath {@code path}. */
  public static List<Row> readResource(String path, String expectedHeader) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    try (InputStream in = CsvResource.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("data table " + path + " is not on the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = reader.readLine();
      if (!expectedHeader.equals(header)) {
        throw new IllegalStateException(
            file + ": header is '" + header + "', expected '" + expectedHeader + "'");
      }
      int columns = expectedHeader.split(",").length;
      List<Row> rows = new ArrayList<>();
      int line = 1;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        line++;
        if (text.isEmpty()) {
          continue;
        }
        String[] fields = text.split(",", -1);
        if (fields.length != columns) {
          throw new IllegalStateException(
              file + " line " + line + ": " + fields.length + " fields, expected " + columns);
        }
        rows.add(new Row(file, line, fields));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read data table " + path, e);
    }
  }
}
