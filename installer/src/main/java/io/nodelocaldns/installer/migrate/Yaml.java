package io.nodelocaldns.installer.migrate;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;

/** YAML in as plain maps and lists. */
public final class Yaml {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Yaml() {}

  /** A YAML document whose top level is a map; an empty document is an empty map. */
  public static Map<String, Object> readMap(String text) {
    Object root = YAML.readValue(text, Object.class);
    if (root == null) {
      return new LinkedHashMap<>();
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("the top level is not a map of values");
    }
    return cast(map);
  }

  /** Whether the dotted {@code key} is in {@code tree} (a null value counts). */
  static boolean has(Map<String, Object> tree, String key) {
    Object node = tree;
    for (String part : key.split("\\.")) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
        return false;
      }
      node = map.get(part);
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
