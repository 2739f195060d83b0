package org.cairndb.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.cairndb.fs.NioVfs;
import org.cairndb.internal.wal.LogWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appending one record to a write-ahead log in a real file in the temporary directory, without
 * fsync: framing, CRC32C and the append, either through a memory mapping of the file ({@code
 * mapped=true}, what the engine does on Linux: {@code Vfs.createLog}) or with one write(2) ({@code
 * mapped=false}: {@code Vfs.create}). The default record size is that of a one-put batch of a
 * 16-byte key and a 100-byte value. The log is replaced by a fresh file every {@value
 * #ROTATE_BYTES} bytes, as a memtable switch would, so the file does not grow without bound.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class WalBench {
  static final long ROTATE_BYTES = 64L << 20;

  @Param({"131"})
  public int recordBytes;

  @Param({"true", "false"})
  public boolean mapped;

  Path dir;
  Path file;
  LogWriter log;
  byte[] record;
  long logNumber;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = TempDir.create("cairn-jmh-wal");
    record = Fixtures.randomBytes(recordBytes, 31);
    rotate();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    log.close();
    TempDir.delete(dir);
  }

  private void rotate() throws IOException {
    if (log != null) {
      log.close();
      NioVfs.get().delete(file);
    }
    logNumber++;
    file = dir.resolve(String.format("%06d.log", logNumber));
    log =
        new LogWriter(mapped ? NioVfs.get().createLog(file) : NioVfs.get().create(file), logNumber);
  }

  @Benchmark
  public long append() throws IOException {
    if (log.size() >= ROTATE_BYTES) {
      rotate();
    }
    log.addRecord(record);
    return log.size();
  }
}
