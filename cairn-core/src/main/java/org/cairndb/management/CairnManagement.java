package org.cairndb.management;

import java.lang.management.ManagementFactory;
import java.util.Objects;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanRegistrationException;
import javax.management.MalformedObjectNameException;
import javax.management.NotCompliantMBeanException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.cairndb.Cairn;
import org.cairndb.CairnException;

/**
 * Registers databases as {@link CairnMXBean}s on the platform MBean server. {@link
 * org.cairndb.Options.Builder#jmxName(String)} does it at open and undoes it at close; call {@link
 * #register} directly only for a registration whose lifetime you manage. Stateless.
 */
public final class CairnManagement {
  /** The domain of every Cairn MBean name. */
  public static final String DOMAIN = "org.cairndb";

  private CairnManagement() {}

  /**
   * {@code org.cairndb:type=Cairn,name=NAME}.
   *
   * @throws IllegalArgumentException if {@code name} is empty or not a valid ObjectName value
   *     (unquoted, it may not hold {@code , = : " * ?} or a line break)
   */
  public static ObjectName objectName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("JMX name must not be empty");
    }
    try {
      ObjectName on = new ObjectName(DOMAIN + ":type=Cairn,name=" + name);
      // A pattern ("*", "?") parses but cannot name one MBean.
      if (on.isPattern()) {
        throw new IllegalArgumentException("JMX name must not be a pattern: " + name);
      }
      return on;
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException("invalid JMX name " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Registers {@code db} as a {@link CairnMXBean} under {@link #objectName(String)}. The MBean
   * holds the database until the returned registration is closed; closing the database does not
   * close it (its attributes then fail), except for the one {@code Options.jmxName} made.
   *
   * @throws IllegalArgumentException if {@code name} is invalid
   * @throws CairnException if the name is already registered
   */
  public static MBeanRegistration register(Cairn db, String name) {
    Objects.requireNonNull(db, "db");
    ObjectName on = objectName(name);
    try {
      ManagementFactory.getPlatformMBeanServer()
          .registerMBean(
              new StandardMBean(new CairnStatisticsMXBean(db), CairnMXBean.class, true), on);
    } catch (InstanceAlreadyExistsException e) {
      throw new CairnException("JMX name already in use by another MBean: " + on, e);
    } catch (MBeanRegistrationException | NotCompliantMBeanException e) {
      throw new CairnException("cannot register MBean " + on + ": " + e.getMessage(), e);
    }
    return new MBeanRegistration(on);
  }
}
