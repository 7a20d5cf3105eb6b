package io.nodelocaldns.installer.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * What a migration makes: this chart's values (only those that differ from the chart's defaults)
 * and one line per setting of theirs saying what became of it.
 */
public final class Migration {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
              .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
              .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
              .build());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String from;
  private final Map<String, Object> ourDefaults;
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final List<String> lines = new ArrayList<>();

  /**
   * {@code from} names their side in the YAML's header; {@code ourDefaults}: the chart's values.
   */
  Migration(String from, Map<String, Object> ourDefaults) {
    this.from = from;
    this.ourDefaults = ourDefaults;
  }

  /** Their value, as it is, under our name. */
  void carry(String theirs, Object value, String ours) {
    put(ours, value);
    lines.add("carried: " + theirs + " " + show(value) + " -> " + ours + same(ours, value));
  }

  /** Their value, said our way. */
  void change(String theirs, Object value, String ours, Object ourValue, String how) {
    put(ours, ourValue);
    lines.add(
        "changed: "
            + theirs
            + " "
            + show(value)
            + " -> "
            + ours
            + " "
            + show(ourValue)
            + same(ours, ourValue)
            + (how.isEmpty() ? "" : ": " + how));
  }

  /** Their value has no equivalent here, or needs none. */
  void drop(String theirs, Object value, String why) {
    lines.add("dropped: " + theirs + " " + show(value) + ": " + why);
  }

  /** A key their side does not have: reported, left out. */
  void unknown(String theirs, Object value, String why) {
    lines.add("unknown: " + theirs + " " + show(value) + ": " + why);
  }

  /** What they meant cannot be said in this chart: nothing is written, decide by hand. */
  void stop(String theirs, Object value, String why) {
    lines.add("stopped: " + theirs + " " + show(value) + ": not carried, decide by hand: " + why);
  }

  /** Agent flags appended to {@code extraArgs}. */
  void appendArgs(String theirs, Object value, List<String> args) {
    Object current = values.get("extraArgs");
    List<Object> extra = new ArrayList<>(current instanceof List<?> l ? l : List.of());
    extra.addAll(args);
    values.put("extraArgs", extra);
    lines.add(
        "changed: " + theirs + " " + show(value) + " -> extraArgs += " + String.join(" ", args));
  }

  /** A remark that belongs to no single value. */
  void note(String text) {
    lines.add("note:    " + text);
  }

  private String same(String ours, Object value) {
    return isDefault(ours, value) ? " (the chart's default: not written)" : "";
  }

  private boolean isDefault(String ours, Object value) {
    return Objects.equals(normal(get(ourDefaults, ours)), normal(value));
  }

  private void put(String ours, Object value) {
    if (isDefault(ours, value)) {
      return;
    }
    Map<String, Object> node = values;
    String[] parts = ours.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = node.get(parts[i]);
      if (!(next instanceof Map<?, ?>)) {
        next = new LinkedHashMap<String, Object>();
        node.put(parts[i], next);
      }
      node = cast(next);
    }
    node.put(parts[parts.length - 1], value);
  }

  static Optional<Object> find(Map<String, Object> tree, String key) {
    Object node = tree;
    for (String part : key.split("\\.")) {
      if (!(node instanceof Map<?, ?> m) || !m.containsKey(part)) {
        return Optional.empty();
      }
      node = m.get(part);
    }
    return Optional.ofNullable(node);
  }

  private static Object get(Map<String, Object> tree, String key) {
    return find(tree, key).orElse(null);
  }

  /** Numbers compare by value (YAML reads 30 as an int, a --set as a long). */
  private static Object normal(Object value) {
    if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
      return n.longValue();
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, normal(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(Migration::normal).toList();
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object map) {
    return (Map<String, Object>) map;
  }

  static String show(Object value) {
    return JSON.writeValueAsString(value);
  }

  /** The chart's defaults this migration leaves out. */
  Map<String, Object> ourDefaults() {
    return ourDefaults;
  }

  /** The values written, as a tree. */
  public Map<String, Object> values() {
    return values;
  }

  /** One line per setting, for stderr. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The values file: a comment header, then the values (pure YAML). */
  public String yaml() {
    StringBuilder yaml = new StringBuilder();
    yaml.append("# node-local-dns chart values, migrated from ").append(from).append(".\n");
    if (values.isEmpty()) {
      yaml.append("{}\n");
    } else {
      String body = YAML.writeValueAsString(values);
      yaml.append(body.endsWith("\n") ? body : body + "\n");
    }
    return yaml.toString();
  }
}
