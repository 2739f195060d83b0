package org.cairndb.kafka;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Finds the {@link CairnConfigSetter} a Streams configuration names. Stateless. */
final class ConfigSetters {
  private ConfigSetters() {}

  /**
   * A new instance of the setter named under {@link CairnStores#CONFIG_SETTER_CLASS_CONFIG}, or
   * null when none is named.
   *
   * @throws ConfigException if the value is not a class or class name of a {@link
   *     CairnConfigSetter} with a public no-argument constructor
   */
  static CairnConfigSetter create(Map<String, Object> configs) {
    String key = CairnStores.CONFIG_SETTER_CLASS_CONFIG;
    Object value = configs.get(key);
    if (value == null) {
      return null;
    }
    Class<?> type;
    if (value instanceof Class<?> c) {
      type = c;
    } else if (value instanceof String s) {
      type = load(key, s.strip());
    } else {
      throw new ConfigException(key, value, "expected a class or a class name");
    }
    if (!CairnConfigSetter.class.isAssignableFrom(type)) {
      throw new ConfigException(
          key, value, "class does not implement " + CairnConfigSetter.class.getName());
    }
    try {
      return (CairnConfigSetter) type.getConstructor().newInstance();
    } catch (NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      throw new ConfigException(
          key, value, "cannot create an instance with a public no-argument constructor: " + e);
    }
  }

  private static Class<?> load(String key, String name) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = ConfigSetters.class.getClassLoader();
    }
    try {
      return Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw new ConfigException(key, name, "class not found");
    }
  }
}
