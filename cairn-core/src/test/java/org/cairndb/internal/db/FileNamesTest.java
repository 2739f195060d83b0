package org.cairndb.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class FileNamesTest {
  @Test
  void namesRoundTrip() {
    assertEquals("000012.log", FileNames.log(12));
    assertEquals(new FileNames.Parsed(FileNames.Kind.LOG, 12), FileNames.parse("000012.log"));
    assertEquals(
        new FileNames.Parsed(FileNames.Kind.TABLE, 1234567),
        FileNames.parse(FileNames.table(1234567)));
    assertEquals(
        new FileNames.Parsed(FileNames.Kind.MANIFEST, 5), FileNames.parse("MANIFEST-000005"));
    assertEquals(new FileNames.Parsed(FileNames.Kind.TEMP, 9), FileNames.parse(FileNames.temp(9)));
    assertEquals(FileNames.Kind.CURRENT, FileNames.parse("CURRENT").kind());
    assertEquals(FileNames.Kind.LOCK, FileNames.parse("LOCK").kind());
  }

  @Test
  void foreignNamesAreIgnored() {
    for (String name :
        new String[] {
          "notes.txt", "12.log", "00001x.sst", "000012.sst.bak", "MANIFEST-", "MANIFEST-12a",
          "../000012.log", "000012.LOG", "-00012.log", "9999999999999999.sst", ".sst", "CURRENT.tmp"
        }) {
      assertNull(FileNames.parse(name), name);
    }
  }
}
