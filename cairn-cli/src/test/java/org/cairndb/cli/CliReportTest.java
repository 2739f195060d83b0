package org.cairndb.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn report} as a child process, its page rendered by headless Chromium: the rendered DOM
 * must show every level and every file the tree has.
 */
class CliReportTest {
  private static final List<String> BROWSERS =
      List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

  @TempDir Path tmp;

  @Test
  void reportIsSelfContainedAndShowsTheTree() throws Exception {
    Path dir = tmp.resolve("db");
    TreeFixture.build(dir);
    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run("report", "--db", dir.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r::toString);
    Path page = out.resolve(ReportCommand.FILE_NAME);
    assertEquals(page.toString(), r.out().strip(), r::toString);
    String html = Files.readString(page, UTF_8);
    // Self-contained: nothing is loaded from anywhere.
    for (String ref : List.of("src=", "href=", "@import", "url(")) {
      assertFalse(html.contains(ref), ref);
    }
    assertTrue(html.contains("<svg class=\"tree\""), html);
    assertTrue(html.contains("id=\"chart-cache\""), html);
    assertTrue(html.contains("data-counter=\"block.cache.capacity\""), html);
    assertTrue(html.contains("id=\"chart-bloom\""), html);
  }

  @Test
  void chromiumRendersEveryLevelAndFile() throws Exception {
    String browser = findBrowser();
    Assumptions.assumeTrue(
        browser != null,
        "no chromium, chromium-browser or google-chrome on PATH: the rendering check is skipped"
            + " (.ci/run installs Debian's chromium package in CI)");
    Path dir = tmp.resolve("db");
    TreeFixture.build(dir);
    Cli.Result levels = Cli.run("levels", "--db", dir.toString(), "--json");
    assertEquals(0, levels.code(), levels::toString);
    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run("report", "--db", dir.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r::toString);

    String dom = render(browser, out.resolve(ReportCommand.FILE_NAME));
    // Every level, with its file count, as elements of the rendered page.
    Matcher level =
        Pattern.compile(
                "\\{\"level\":(\\d+),\"bytes\":\\d+,\"score\":[^,]+,\"files\":\\[([^\\]]*)\\]")
            .matcher(levels.out());
    int levelCount = 0;
    int fileCount = 0;
    while (level.find()) {
      levelCount++;
      String n = level.group(1);
      assertTrue(
          dom.contains("<section class=\"level\" data-level=\"" + n + "\">"), n + "\n" + dom);
      Matcher number = Pattern.compile("\"number\":(\\d+)").matcher(level.group(2));
      int files = 0;
      while (number.find()) {
        String name =
            String.format(java.util.Locale.ROOT, "%06d.sst", Long.parseLong(number.group(1)));
        assertTrue(
            dom.contains("<tr class=\"file\" data-file=\"" + name + "\">"), name + "\n" + dom);
        assertTrue(
            dom.contains("<rect class=\"file\" data-file=\"" + name + "\""), name + "\n" + dom);
        files++;
      }
      assertTrue(dom.contains("<h3>L" + n + ": " + files + " files"), n + "\n" + dom);
      fileCount += files;
    }
    assertEquals(7, levelCount, levels::toString);
    assertTrue(fileCount >= 4, levels::toString);
    // The page's script ran over the browser's DOM and counted the same.
    assertTrue(dom.contains("data-rendered-levels=\"" + levelCount + "\""), dom);
    assertTrue(dom.contains("data-rendered-files=\"" + fileCount + "\""), dom);
  }

  /** The DOM Chromium builds from the page, serialized ({@code --dump-dom}). */
  private String render(String browser, Path page) throws Exception {
    Path profile = Files.createTempDirectory(tmp, "chromium-profile");
    Path dom = tmp.resolve("dom.html");
    Path log = tmp.resolve("chromium.log");
    List<String> cmd = new ArrayList<>();
    cmd.add(browser);
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile,
            "--dump-dom",
            page.toUri().toString()));
    Process p =
        new ProcessBuilder(cmd).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
    p.getOutputStream().close();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish: " + Files.readString(log, UTF_8));
    }
    String text = Files.readString(dom, UTF_8);
    assertEquals(0, p.exitValue(), () -> "chromium failed: " + readQuietly(log));
    assertTrue(text.contains("</html>"), () -> "no DOM from chromium: " + readQuietly(log));
    return text;
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p, UTF_8);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static String findBrowser() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String name : BROWSERS) {
      for (String d : path.split(File.pathSeparator, -1)) {
        Path candidate = Path.of(d, name);
        if (!d.isEmpty() && Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return null;
  }
}
