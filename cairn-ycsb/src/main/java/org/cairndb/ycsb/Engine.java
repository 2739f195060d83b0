package org.cairndb.ycsb;

import java.util.Locale;
import site.ycsb.DB;

/** The engines {@link YcsbRun} can drive: each binding class and its property prefix. */
enum Engine {
  CAIRN("cairn", "Cairn", CairnClient.class),
  ROCKSDB("rocksdb", "RocksDB", RocksDbClient.class);

  final String id;
  final String label;
  final Class<? extends DB> binding;

  Engine(String id, String label, Class<? extends DB> binding) {
    this.id = id;
    this.label = label;
    this.binding = binding;
  }

  /** The binding's properties are named {@code <id>.<name>}. */
  String property(String name) {
    return id + "." + name;
  }

  static Engine parse(String s) {
    for (Engine e : values()) {
      if (e.id.equals(s.trim().toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown engine '" + s + "' (cairn or rocksdb)");
  }
}
