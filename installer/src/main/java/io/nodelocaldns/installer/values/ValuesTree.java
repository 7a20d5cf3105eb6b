package io.nodelocaldns.installer.values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Helm values as plain Java: maps with string keys, lists, and scalars. Keys are written as Helm's
 * {@code --set} writes them: {@code a.b}, {@code a.list[0].name}.
 */
public final class ValuesTree {
  private ValuesTree() {}

  /** Helm's merge of two values files: maps merge key by key, anything else is replaced. */
  public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    for (var entry : over.entrySet()) {
      if (entry.getValue() instanceof Map<?, ?> && out.get(entry.getKey()) instanceof Map<?, ?>) {
        out.put(entry.getKey(), merge(mapAt(out.get(entry.getKey())), mapAt(entry.getValue())));
      } else {
        out.put(entry.getKey(), entry.getValue());
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> mapAt(Object value) {
    return value instanceof Map<?, ?> m
        ? new LinkedHashMap<>((Map<String, Object>) m)
        : new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> deepCopy(Map<String, Object> values) {
    return (Map<String, Object>) copy(values);
  }

  private static Object copy(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(copy(v)));
      return out;
    }
    return value;
  }

  /** Every key in the tree, parents before children. */
  static List<String> paths(Map<String, Object> values) {
    List<String> out = new ArrayList<>();
    collect(values, "", out);
    return out;
  }

  private static void collect(Object value, String prefix, List<String> out) {
    if (value instanceof Map<?, ?> m) {
      for (var entry : m.entrySet()) {
        String key =
            prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + "." + entry.getKey();
        out.add(key);
        collect(entry.getValue(), key, out);
      }
    } else if (value instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        String key = prefix + "[" + i + "]";
        out.add(key);
        collect(l.get(i), key, out);
      }
    }
  }

  /** The key of a path of map keys (strings) and list indexes (integers). */
  static String key(List<?> segments) {
    StringBuilder key = new StringBuilder();
    for (Object segment : segments) {
      if (segment instanceof Integer i) {
        key.append('[').append(i).append(']');
      } else {
        if (!key.isEmpty()) {
          key.append('.');
        }
        key.append(segment);
      }
    }
    return key.toString();
  }

  /** {@code a.b[0]} as {@code ["a", "b", 0]}. */
  static List<Object> segments(String key) {
    List<Object> out = new ArrayList<>();
    for (String part : key.split("\\.")) {
      int bracket = part.indexOf('[');
      out.add(bracket < 0 ? part : part.substring(0, bracket));
      while (bracket >= 0) {
        int close = part.indexOf(']', bracket);
        out.add(Integer.parseInt(part.substring(bracket + 1, close)));
        bracket = part.indexOf('[', close);
      }
    }
    return out;
  }

  static Optional<Object> get(Map<String, Object> values, String key) {
    Object node = values;
    for (Object segment : segments(key)) {
      if (segment instanceof Integer i && node instanceof List<?> l && i < l.size()) {
        node = l.get(i);
      } else if (segment instanceof String s && node instanceof Map<?, ?> m) {
        node = m.get(s);
      } else {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(node);
  }

  static boolean has(Map<String, Object> values, String key) {
    Object node = values;
    for (Object segment : segments(key)) {
      if (segment instanceof Integer i && node instanceof List<?> l && i < l.size()) {
        node = l.get(i);
      } else if (segment instanceof String s && node instanceof Map<?, ?> m && m.containsKey(s)) {
        node = m.get(s);
      } else {
        return false;
      }
    }
    return true;
  }

  /** {@code a.b} for {@code a.b.c} and {@code a.b[0]}; null at the top. */
  static String parent(String key) {
    int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    return cut <= 0 ? null : key.substring(0, cut);
  }

  /** Whether {@code key} is {@code ancestor} or below it. */
  static boolean isUnder(String key, String ancestor) {
    return key.equals(ancestor) || key.startsWith(ancestor + ".") || key.startsWith(ancestor + "[");
  }
}
