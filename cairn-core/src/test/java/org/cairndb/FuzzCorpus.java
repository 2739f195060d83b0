package org.cairndb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the seed inputs of a fuzz target into its Jazzer inputs directory, {@code
 * src/test/resources/<package>/<Class>Inputs/<method>/}, from which every test run replays them.
 * Run with {@code -Dcairn.fuzz.writeSeeds=true}; seed files are named {@code seed-N} so that
 * crashers found by fuzzing (named by Jazzer {@code crash-<sha1>}) stay beside them untouched.
 */
public final class FuzzCorpus {
  private FuzzCorpus() {}

  /** Whether this run should (re)write the seed corpus. */
  public static boolean writing() {
    return Boolean.getBoolean("cairn.fuzz.writeSeeds");
  }

  public static void write(Class<?> test, String method, List<byte[]> seeds) throws IOException {
    Path dir =
        Path.of("src/test/resources")
            .resolve(test.getPackageName().replace('.', '/'))
            .resolve(test.getSimpleName() + "Inputs")
            .resolve(method);
    Files.createDirectories(dir);
    for (int i = 0; i < seeds.size(); i++) {
      Files.write(dir.resolve("seed-" + i), seeds.get(i));
    }
  }
}
