package org.cairndb.bench;

import java.util.ArrayList;
import java.util.List;

/** The db_bench-style workloads. */
enum Workload {
  FILLSEQ("fillseq", true, true, "N puts, keys in ascending order (fresh database)"),
  FILLBATCH(
      "fillbatch",
      true,
      true,
      "N puts in ascending order, in write batches of --batch-size (fresh database); latency is"
          + " per batch"),
  FILLRANDOM(
      "fillrandom",
      true,
      true,
      "N puts, every key once in a shuffled order (db_bench filluniquerandom; fresh database)"),
  OVERWRITE("overwrite", false, true, "N puts of uniformly random existing keys"),
  READRANDOM("readrandom", false, false, "gets of uniformly random keys of the key space"),
  READMISSING(
      "readmissing",
      false,
      false,
      "gets of absent keys (a key plus one 0x00 byte: sorts between two present keys)"),
  READSEQ("readseq", false, false, "forward scan from the first key: one op = key+value+next"),
  READREVERSE(
      "readreverse", false, false, "backward scan from the last key: one op = key+value+prev"),
  SEEKRANDOM("seekrandom", false, false, "seek to a random key, then read it and 10 more (nexts)"),
  READRANDOM_MT("readrandom_mt", false, false, "readrandom on --threads threads"),
  READWHILEWRITING(
      "readwhilewriting",
      false,
      false,
      "readrandom on max(1, threads-1) threads while one thread overwrites random keys;"
          + " reader throughput"),
  DELETERANDOM("deleterandom", false, true, "N deletes of uniformly random keys"),
  COMPACT(
      "compact",
      false,
      true,
      "flush and compact the whole key range (one op); disk is measured once it stops changing");

  final String id;
  final boolean fresh;
  final boolean writes;
  final String description;

  Workload(String id, boolean fresh, boolean writes, String description) {
    this.id = id;
    this.fresh = fresh;
    this.writes = writes;
    this.description = description;
  }

  static Workload of(String id) {
    for (Workload w : values()) {
      if (w.id.equals(id)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown benchmark: " + id);
  }

  static List<String> names() {
    List<String> out = new ArrayList<>();
    for (Workload w : values()) {
      out.add(w.id);
    }
    return out;
  }
}
