package jp.jukinet.sim.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A fixed-width text table for the reports: each column has a display width (CJK characters take
 * two columns) and an alignment; a cell holds lines, wrapped to its column's width, so a cell may
 * span several lines of its neighbours (a 提供先 printed once over its months).
 */
public final class TextTable {
  private static final String GAP = "  ";

  /** One column; a heading may have several lines ({@code \n}). */
  public record Column(String heading, int width, boolean right) {
    public Column {
      Objects.requireNonNull(heading, "heading");
      if (width < 2) {
        throw new IllegalArgumentException("column " + heading + ": width " + width + " < 2");
      }
    }

    public static Column left(String heading, int width) {
      return new Column(heading, width, false);
    }

    public static Column right(String heading, int width) {
      return new Column(heading, width, true);
    }
  }

  private final List<Column> columns;
  private final List<List<List<String>>> rows = new ArrayList<>();

  public TextTable(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  /** A row of one-line (or wrapped) cells. */
  public TextTable row(String... cells) {
    List<List<String>> row = new ArrayList<>();
    for (String c : cells) {
      row.add(List.of(c));
    }
    return rowOfLines(row);
  }

  /** A row whose cells hold several lines each. */
  TextTable rowOfLines(List<List<String>> cells) {
    if (cells.size() != columns.size()) {
      throw new IllegalArgumentException(
          cells.size() + " cells for " + columns.size() + " columns");
    }
    List<List<String>> wrapped = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      List<String> lines = new ArrayList<>();
      for (String cell : cells.get(i)) {
        for (String line : cell.split("\n", -1)) {
          lines.addAll(wrap(line, columns.get(i).width()));
        }
      }
      wrapped.add(lines);
    }
    rows.add(wrapped);
    return this;
  }

  public void print(PrintWriter out) {
    List<List<String>> headings = new ArrayList<>();
    for (Column c : columns) {
      headings.add(List.of(c.heading().split("\n", -1)));
    }
    printCells(out, headings);
    int total =
        columns.stream().mapToInt(Column::width).sum() + GAP.length() * (columns.size() - 1);
    out.println("-".repeat(total));
    for (List<List<String>> row : rows) {
      printCells(out, row);
    }
  }

  private void printCells(PrintWriter out, List<List<String>> row) {
    int height = row.stream().mapToInt(List::size).max().orElse(1);
    for (int l = 0; l < height; l++) {
      List<String> line = new ArrayList<>();
      for (List<String> cell : row) {
        line.add(l < cell.size() ? cell.get(l) : "");
      }
      printLine(out, line);
    }
  }

  private void printLine(PrintWriter out, List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      Column c = columns.get(i);
      String s = cells.get(i);
      String fill = " ".repeat(Math.max(0, c.width() - width(s)));
      b.append(i == 0 ? "" : GAP).append(c.right() ? fill + s : s + fill);
    }
    out.println(b.toString().stripTrailing());
  }

  /** Display width: CJK and other wide characters take two columns. */
  public static int width(String s) {
    return s.codePoints().map(TextTable::width).sum();
  }

  private static int width(int codePoint) {
    return codePoint < 0x1100 || (codePoint >= 0xFF61 && codePoint <= 0xFF9F) ? 1 : 2;
  }

  /** {@code text} cut into lines of at most {@code width} display columns (one line when empty). */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int used = 0;
    for (int cp : text.codePoints().toArray()) {
      int w = width(cp);
      if (used + w > width && used > 0) {
        lines.add(line.toString());
        line.setLength(0);
        used = 0;
      }
      line.appendCodePoint(cp);
      used += w;
    }
    lines.add(line.toString());
    return lines;
  }
}
