package org.cairndb.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Renders the self-contained HTML report: the tree's shape (levels, files with key ranges and
 * sizes, compaction scores) and bar charts of the {@code cairn.stats} counters, grouped into
 * amplification, block cache, bloom filters and per-level reads by their names, so counters the
 * engine adds later appear without a change here. Inline CSS, SVG and one line of script: no
 * script, font, image or style sheet is fetched. Stateless.
 */
final class HtmlReport {
  private static final String CSS =
      """
      body{font-family:system-ui,sans-serif;margin:24px;color:#222}
      h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}
      table{border-collapse:collapse;font-size:13px}
      td,th{padding:2px 10px;border-bottom:1px solid #eee;text-align:left}
      td.num,th.num{text-align:right}
      .level h3{font-size:15px;margin:14px 0 4px}
      .none{color:#777;font-style:italic}
      svg text{font-size:12px;font-family:system-ui,sans-serif}
      code{font-size:12px}
      """;

  private HtmlReport() {}

  static String render(
      String title, List<LevelInfo> levels, Map<String, String> counters, ByteFormat f) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Cairn report: ")
        .append(Html.esc(title))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n<h1>Cairn report: <code>")
        .append(Html.esc(title))
        .append("</code></h1>\n");
    tree(sb, levels, f);
    sb.append("<h2>Charts</h2>\n<p class=\"note\">Counters count the work of the process that")
        .append(" wrote this report, since it opened the database.</p>\n");
    chart(sb, "Amplification", "amplification", counters, n -> n.contains("amplification"));
    chart(
        sb,
        "Bytes written and read",
        "bytes",
        counters,
        n -> n.contains("bytes") && !n.contains("cache"));
    chart(sb, "Block cache", "cache", counters, n -> n.contains("cache"));
    cacheRatio(sb, counters);
    chart(sb, "Bloom filters", "bloom", counters, n -> n.contains("bloom") || n.contains("filter"));
    chart(
        sb,
        "Reads per level",
        "level-reads",
        counters,
        n -> n.matches(".*(level|\\bl)[0-9].*") || n.matches(".*\\.l[0-9]+(\\..*)?"));
    allCounters(sb, counters);
    // The only script: it records what the browser's DOM holds, for checks of the rendered page.
    sb.append(
        "<script>document.body.setAttribute('data-rendered-levels',"
            + "document.querySelectorAll('section.level').length);"
            + "document.body.setAttribute('data-rendered-files',"
            + "document.querySelectorAll('tr.file').length);</script>\n");
    sb.append("</body></html>\n");
    return sb.toString();
  }

  private static void tree(StringBuilder sb, List<LevelInfo> levels, ByteFormat f) {
    int files = 0;
    long bytes = 0;
    for (LevelInfo l : levels) {
      files += l.files().size();
      bytes += l.bytes();
    }
    sb.append("<h2>Tree</h2>\n<p id=\"summary\">")
        .append(files)
        .append(" files, ")
        .append(Html.esc(Sizes.human(bytes)))
        .append(" in ")
        .append(levels.size())
        .append(" levels</p>\n");
    sb.append(SvgCharts.tree(levels, TreeShape.keySpace(levels), f)).append('\n');
    for (LevelInfo l : levels) {
      sb.append("<section class=\"level\" data-level=\"")
          .append(l.level())
          .append("\"><h3>L")
          .append(l.level())
          .append(": ")
          .append(l.files().size())
          .append(" files, ")
          .append(Html.esc(Sizes.human(l.bytes())))
          .append(", score ")
          .append(Double.isNaN(l.score()) ? "-" : String.format(Locale.ROOT, "%.2f", l.score()))
          .append("</h3>\n");
      if (!l.files().isEmpty()) {
        sb.append(
            "<table><tr><th>file</th><th>smallest key</th><th>largest key</th>"
                + "<th class=\"num\">size</th><th class=\"num\">sequences</th></tr>\n");
        for (FileInfo file : l.files()) {
          String name = String.format(Locale.ROOT, "%06d.sst", file.number());
          sb.append("<tr class=\"file\" data-file=\"")
              .append(name)
              .append("\"><td>")
              .append(name)
              .append("</td><td><code>")
              .append(Html.esc(f.show(file.smallest())))
              .append("</code></td><td><code>")
              .append(Html.esc(f.show(file.largest())))
              .append("</code></td><td class=\"num\">")
              .append(Html.esc(Sizes.human(file.size())))
              .append("</td><td class=\"num\">")
              .append(file.smallestSeq())
              .append("..")
              .append(file.largestSeq())
              .append("</td></tr>\n");
        }
        sb.append("</table>\n");
      }
      sb.append("</section>\n");
    }
  }

  private static void chart(
      StringBuilder sb,
      String title,
      String id,
      Map<String, String> counters,
      Predicate<String> select) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : counters.entrySet()) {
      double v = Counters.number(e.getValue());
      if (select.test(e.getKey()) && !Double.isNaN(v)) {
        values.put(e.getKey(), v);
      }
    }
    sb.append("<section class=\"chart\" id=\"chart-")
        .append(id)
        .append("\"><h3>")
        .append(Html.esc(title))
        .append("</h3>\n");
    if (values.isEmpty()) {
      sb.append("<p class=\"none\">No such counters reported.</p>");
    } else {
      sb.append(SvgCharts.bars(values, "bars"));
    }
    sb.append("</section>\n");
  }

  private static void cacheRatio(StringBuilder sb, Map<String, String> counters) {
    double hits = Counters.number(counters.get("block.cache.hits"));
    double misses = Counters.number(counters.get("block.cache.misses"));
    if (!Double.isNaN(hits) && !Double.isNaN(misses) && hits + misses > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "<p id=\"cache-hit-ratio\">Block cache hit ratio: %.1f%%</p>%n",
              100 * hits / (hits + misses)));
    }
  }

  private static void allCounters(StringBuilder sb, Map<String, String> counters) {
    sb.append("<h2>All counters</h2>\n<table id=\"counters\">");
    for (Map.Entry<String, String> e : counters.entrySet()) {
      sb.append("<tr><td>")
          .append(Html.esc(e.getKey()))
          .append("</td><td class=\"num\">")
          .append(Html.esc(e.getValue()))
          .append("</td></tr>");
    }
    sb.append("</table>\n");
  }
}
