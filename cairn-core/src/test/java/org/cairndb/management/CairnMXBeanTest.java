package org.cairndb.management;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.cairndb.Cairn;
import org.cairndb.CairnException;
import org.cairndb.Options;
import org.cairndb.fs.MemVfs;
import org.junit.jupiter.api.Test;

/**
 * The statistics as an MXBean on the platform MBean server, read through the server as a JMX client
 * would: registration by {@code Options.jmxName}, attributes that follow writes, unregistration at
 * close, refused names, and no registration or lock left behind by a failed open.
 */
class CairnMXBeanTest {
  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  private static Options options(MemVfs vfs, String name) {
    return Options.builder().vfs(vfs).memtableBytes(1 << 20).jmxName(name).build();
  }

  /** A name no other test uses, so tests may run in any order in one JVM. */
  private static String unique(String base) {
    return base + "-" + System.nanoTime();
  }

  private static long attr(ObjectName on, String name) throws Exception {
    return (Long) SERVER.getAttribute(on, name);
  }

  @Test
  void attributesAreReadableAndFollowWrites() throws Exception {
    String name = unique("orders");
    ObjectName on = new ObjectName("org.cairndb:type=Cairn,name=" + name);
    MemVfs vfs = new MemVfs();
    try (Cairn db = Cairn.open(Path.of("/db"), options(vfs, name))) {
      assertTrue(SERVER.isRegistered(on));
      assertEquals(on, CairnManagement.objectName(name));
      assertEquals(0, attr(on, "UserBytesWritten"));
      assertEquals(0, attr(on, "FlushCount"));
      for (int i = 0; i < 100; i++) {
        db.put(("k" + i).getBytes(UTF_8), "value".getBytes(UTF_8));
      }
      db.get("k1".getBytes(UTF_8));
      assertTrue(attr(on, "UserBytesWritten") > 0);
      assertEquals(100, attr(on, "LastSequence"));
      assertEquals(1, attr(on, "Gets"));
      db.flush();
      assertEquals(1, attr(on, "FlushCount"));
      assertEquals(1, attr(on, "LiveFiles"));
      assertTrue(attr(on, "LiveSstBytes") > 0);
      assertTrue((Double) SERVER.getAttribute(on, "WriteAmplification") > 1);
      long[] files = (long[]) SERVER.getAttribute(on, "LevelFiles");
      assertEquals(7, files.length);
      assertEquals(1, files[0]);
      assertEquals(
          db.statistics().levelBytes(0), ((long[]) SERVER.getAttribute(on, "LevelBytes"))[0]);

      // The whole map, as the open type a generic JMX console sees.
      TabularData all = (TabularData) SERVER.getAttribute(on, "Statistics");
      CompositeData row = all.get(new Object[] {"flush.count"});
      assertEquals(1L, row.get("value"));
      assertEquals(db.statistics().asMap().size(), all.size());

      Object levels =
          SERVER.invoke(
              on, "getProperty", new Object[] {"cairn.levels"}, new String[] {"java.lang.String"});
      assertEquals(db.property("cairn.levels"), levels);

      // The typed proxy a Java client would use.
      CairnMXBean proxy = JMX.newMXBeanProxy(SERVER, on, CairnMXBean.class);
      assertEquals(db.statistics().flushCount(), proxy.getFlushCount());
      Map<String, Long> map = proxy.getStatistics();
      assertEquals(db.statistics().asMap().keySet(), map.keySet());
      assertArrayEquals(files, proxy.getLevelFiles());
      assertNull(proxy.getProperty("cairn.no-such-property"));
    }
    assertFalse(SERVER.isRegistered(on), "unregistered on close");
  }

  @Test
  void withoutANameNothingIsRegistered() throws Exception {
    int before = SERVER.queryNames(new ObjectName("org.cairndb:*"), null).size();
    try (Cairn db = Cairn.open(Path.of("/db"), Options.builder().vfs(new MemVfs()).build())) {
      db.put(new byte[] {1}, new byte[] {2});
      assertEquals(before, SERVER.queryNames(new ObjectName("org.cairndb:*"), null).size());
    }
  }

  @Test
  void aNameInUseFailsTheOpenAndLeavesNothingBehind() throws Exception {
    String name = unique("dup");
    ObjectName on = CairnManagement.objectName(name);
    MemVfs vfs = new MemVfs();
    try (Cairn first = Cairn.open(Path.of("/a"), options(vfs, name))) {
      first.put(new byte[] {1}, new byte[] {1});
      CairnException e =
          assertThrows(CairnException.class, () -> Cairn.open(Path.of("/b"), options(vfs, name)));
      assertTrue(e.getMessage().contains("already in use"), e.getMessage());
      assertTrue(e.getMessage().contains(name), e.getMessage());
      // The first database's MBean is untouched and still answers for it.
      assertEquals(1, attr(on, "LastSequence"));
      // The failed open released its lock: the directory opens again.
      try (Cairn again = Cairn.open(Path.of("/b"), options(vfs, null))) {
        assertEquals(0, again.statistics().lastSequence());
      }
    }
    assertFalse(SERVER.isRegistered(on));
    // The name is free again.
    try (Cairn reopened = Cairn.open(Path.of("/a"), options(vfs, name))) {
      assertEquals(1, attr(on, "LastSequence"));
    }
    assertFalse(SERVER.isRegistered(on));
  }

  @Test
  void aFailedOpenRegistersNothing() throws Exception {
    String name = unique("missing");
    Options o = Options.builder().vfs(new MemVfs()).createIfMissing(false).jmxName(name).build();
    assertThrows(CairnException.class, () -> Cairn.open(Path.of("/nowhere"), o));
    assertFalse(SERVER.isRegistered(CairnManagement.objectName(name)));
  }

  @Test
  void invalidNamesAreRefusedWhenBuildingOptions() {
    for (String bad : new String[] {"", "a,b", "a=b", "a:b", "*", "a?", "x\ny"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Options.builder().jmxName(bad),
              "[" + bad + "]");
      assertTrue(e.getMessage().contains("JMX name"), e.getMessage());
    }
    assertNull(Options.builder().jmxName("ok").jmxName(null).build().jmxName());
    assertEquals("ok", Options.builder().jmxName("ok").build().toBuilder().build().jmxName());
  }

  @Test
  void anExplicitRegistrationLivesUntilClosedAndFailsReadsOnceTheDatabaseIs() throws Exception {
    String name = unique("explicit");
    Cairn db = Cairn.open(Path.of("/db"), options(new MemVfs(), null));
    MBeanRegistration reg = CairnManagement.register(db, name);
    ObjectName on = reg.objectName();
    assertEquals(0, attr(on, "FlushCount"));
    db.close();
    assertTrue(SERVER.isRegistered(on));
    Exception e = assertThrows(Exception.class, () -> attr(on, "FlushCount"));
    boolean cairn = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      cairn |= t instanceof CairnException;
    }
    assertTrue(cairn, e::toString);
    reg.close();
    reg.close();
    assertFalse(SERVER.isRegistered(on));
  }
}
