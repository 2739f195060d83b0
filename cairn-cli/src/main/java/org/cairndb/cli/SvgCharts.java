package org.cairndb.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Inline SVG drawings for the HTML report: horizontal bar charts of counters and the tree's key
 * map. Output is a string of markup with no external references. Stateless.
 */
final class SvgCharts {
  private static final int LABEL_WIDTH = 260;
  private static final int BAR_WIDTH = 420;
  private static final int ROW = 22;
  private static final int TREE_WIDTH = 720;
  private static final int LEVEL_ROW = 30;
  private static final String[] COLORS = {
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1"
  };

  private SvgCharts() {}

  /** One bar per counter, scaled to the largest; the value written after each bar. */
  static String bars(Map<String, Double> values, String cssClass) {
    double max = 0;
    for (double v : values.values()) {
      max = Math.max(max, v);
    }
    int height = ROW * values.size() + 4;
    int width = LABEL_WIDTH + BAR_WIDTH + 120;
    StringBuilder sb = new StringBuilder();
    open(sb, cssClass, width, height);
    int y = 2;
    int i = 0;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double v = e.getValue();
      double w = max <= 0 ? 0 : Math.max(v > 0 ? 1 : 0, v / max * BAR_WIDTH);
      sb.append(
          String.format(
              Locale.ROOT,
              "<g class=\"bar\" data-counter=\"%s\"><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                  + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                  + "<text x=\"%.1f\" y=\"%d\">%s</text></g>",
              Html.esc(e.getKey()),
              LABEL_WIDTH - 8,
              y + 15,
              Html.esc(e.getKey()),
              LABEL_WIDTH,
              y + 3,
              w,
              ROW - 6,
              COLORS[i % COLORS.length],
              LABEL_WIDTH + w + 6,
              y + 15,
              Html.esc(number(v))));
      y += ROW;
      i++;
    }
    return sb.append("</svg>").toString();
  }

  /**
   * The tree as one band per level with each file drawn over the part of the key space it covers;
   * hovering a file shows its name, key range and size.
   */
  static String tree(List<LevelInfo> levels, KeySpace space, ByteFormat f) {
    int left = 60;
    int height = LEVEL_ROW * levels.size() + 4;
    int width = left + TREE_WIDTH + 10;
    StringBuilder sb = new StringBuilder();
    open(sb, "tree", width, height);
    int y = 2;
    for (LevelInfo l : levels) {
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"4\" y=\"%d\">L%d</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                  + " fill=\"#f3f3f3\"/>",
              y + 19,
              l.level(),
              left,
              y + 2,
              TREE_WIDTH,
              LEVEL_ROW - 4));
      for (FileInfo file : l.files()) {
        double from = space == null ? 0 : space.at(file.smallest()) * TREE_WIDTH;
        double to = space == null ? 0 : space.at(file.largest()) * TREE_WIDTH;
        String name = String.format(Locale.ROOT, "%06d.sst", file.number());
        sb.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"file\" data-file=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\""
                    + " height=\"%d\" fill=\"%s\" fill-opacity=\"0.75\" stroke=\"#222\""
                    + " stroke-width=\"0.5\"><title>%s [%s .. %s] %s</title></rect>",
                name,
                left + from,
                y + 4,
                Math.max(2, to - from),
                LEVEL_ROW - 8,
                COLORS[l.level() % COLORS.length],
                name,
                Html.esc(f.show(file.smallest())),
                Html.esc(f.show(file.largest())),
                Sizes.human(file.size())));
      }
      y += LEVEL_ROW;
    }
    return sb.append("</svg>").toString();
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** The opening {@code <svg>} tag of a drawing {@code width} by {@code height} pixels. */
  private static void open(StringBuilder sb, String cssClass, int width, int height) {
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\">",
            cssClass,
            width,
            height,
            width,
            height));
  }
}
