package org.cairndb.management;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanRegistrationException;
import javax.management.ObjectName;
import org.cairndb.CairnException;

/**
 * One MBean registered on the platform MBean server; {@link #close()} unregisters it, once.
 * Thread-safe.
 */
public final class MBeanRegistration implements AutoCloseable {
  private final ObjectName name;
  private final AtomicBoolean closed = new AtomicBoolean();

  MBeanRegistration(ObjectName name) {
    this.name = name;
  }

  /** The name it is registered under. */
  public ObjectName objectName() {
    return name;
  }

  /**
   * Unregisters the MBean; idempotent. One unregistered by someone else meanwhile is not an error.
   *
   * @throws CairnException if the MBean server refuses
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // Already gone: what close asks for.
    } catch (MBeanRegistrationException e) {
      throw new CairnException("cannot unregister MBean " + name + ": " + e.getMessage(), e);
    }
  }
}
