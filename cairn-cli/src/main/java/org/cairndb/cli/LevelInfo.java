package org.cairndb.cli;

import java.util.List;

/**
 * One level of the tree: its files (in the manifest's order), their total size and the level's
 * compaction score (NaN when the engine did not report one).
 */
record LevelInfo(int level, long bytes, double score, List<FileInfo> files) {}
