package jp.jukinet.sim.populate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one of populate's bundled data files (UTF-8, one record a line, fields split by {@code
 * separator}). A malformed file is a packaging bug, so problems fail loudly with file and line.
 */
final class DataFile {
  static final String DIR = "/jp/jukinet/sim/populate/";

  /** One record with its 1-based line number, for error messages. */
  record Row(String file, int line, String[] fields) {
    long number(int i) {
      try {
        return Long.parseLong(fields[i]);
      } catch (NumberFormatException e) {
        throw new IllegalStateException(
            file + " line " + line + ": '" + fields[i] + "' is no number");
      }
    }
  }

  private DataFile() {}

  /** Every non-empty line after {@code skipLines}, each with exactly {@code columns} fields. */
  static List<Row> read(String file, String separator, int columns, int skipLines) {
    String path = DIR + file;
    try (InputStream in = DataFile.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("data file " + path + " is not on the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<Row> rows = new ArrayList<>();
      int line = 0;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        line++;
        if (line <= skipLines || text.isEmpty()) {
          continue;
        }
        String[] fields = text.split(separator, -1);
        if (fields.length != columns) {
          throw new IllegalStateException(
              file + " line " + line + ": " + fields.length + " fields, expected " + columns);
        }
        rows.add(new Row(file, line, fields));
      }
      if (rows.isEmpty()) {
        throw new IllegalStateException("data file " + path + " is empty");
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read data file " + path, e);
    }
  }
}
