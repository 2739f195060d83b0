package org.cairndb.micrometer;

import io.micrometer.core.instrument.Tags;

/**
 * A statistic's name split for Micrometer: {@code files.L3} is the meter {@code files} with the tag
 * {@code level=3}; any other name is itself, untagged. An immutable value.
 */
record MeterName(String base, Tags tags) {
  static MeterName of(String statistic) {
    int dot = statistic.lastIndexOf('.');
    String last = statistic.substring(dot + 1);
    if (dot > 0 && last.length() > 1 && last.charAt(0) == 'L' && digits(last.substring(1))) {
      return new MeterName(
          statistic.substring(0, dot), Tags.of(CairnMetrics.LEVEL_TAG, last.substring(1)));
    }
    return new MeterName(statistic, Tags.empty());
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
