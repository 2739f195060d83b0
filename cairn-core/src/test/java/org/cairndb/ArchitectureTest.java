package org.cairndb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules of the code base, checked on the sources: storage is touched only through the {@code fs}
 * package (so every file operation can be faulted and crash-simulated), and no Java serialization
 * is used anywhere.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/org/cairndb");

  private static List<Path> sources() throws IOException {
    assertTrue(Files.isDirectory(MAIN), "run from the cairn-core module directory");
    try (Stream<Path> s = Files.walk(MAIN)) {
      return s.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  @Test
  void onlyTheFsPackageTouchesStorage() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path p : sources()) {
      if (p.startsWith(MAIN.resolve("fs"))) {
        continue;
      }
      String text = Files.readString(p, StandardCharsets.UTF_8);
      for (String banned :
          new String[] {
            "java.nio.file.Files", "FileChannel", "RandomAccessFile", "FileInputStream"
          }) {
        if (text.contains(banned)) {
          offenders.add(p + " uses " + banned);
        }
      }
    }
    assertEquals(List.of(), offenders);
  }

  @Test
  void noJavaSerialization() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path p : sources()) {
      String text = Files.readString(p, StandardCharsets.UTF_8);
      if (text.contains("ObjectInputStream") || text.contains("ObjectOutputStream")) {
        offenders.add(p.toString());
      }
    }
    assertEquals(List.of(), offenders);
  }
}
