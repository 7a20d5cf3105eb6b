package io.nodelocaldns.installer.values;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The values the user gave, as Helm combines them: the {@code --values} files merged in order (a
 * later file's map keys win, anything else is replaced whole), then each {@code --set} applied over
 * them, then each {@code --set-string}. Remembers which flag gave each value, for messages.
 */
public final class UserValues {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper YAML_OUT =
      new ObjectMapper(
          YAMLFactory.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build());

  private final Map<String, Object> files;
  private final List<String> sets;
  private final List<String> setStrings;
  private final Map<String, Object> tree;
  private final Map<String, Origin> origins;

  /** Where a value came from: {@code --values FILE}, {@code --set} or {@code --set-string}. */
  public record Origin(String flag, Optional<Path> file) {
    /** {@code --set KEY}, or {@code --values FILE} (where the key is not needed). */
    public String describe(String key) {
      return file.map(f -> flag + " " + f).orElse(flag + " " + key);
    }

    /** {@code --set KEY} or {@code --values FILE KEY}: always naming the key. */
    public String describeWithKey(String key) {
      return file.map(f -> flag + " " + f + " " + key).orElse(flag + " " + key);
    }
  }

  private UserValues(
      Map<String, Object> files,
      List<String> sets,
      List<String> setStrings,
      Map<String, Object> tree,
      Map<String, Origin> origins) {
    this.files = files;
    this.sets = List.copyOf(sets);
    this.setStrings = List.copyOf(setStrings);
    this.tree = tree;
    this.origins = origins;
  }

  public static UserValues none() {
    return new UserValues(Map.of(), List.of(), List.of(), Map.of(), Map.of());
  }

  /**
   * Reads the files and applies the sets. A file that is not YAML is an {@link IOException}; a set
   * Helm would refuse is a {@link SetParser.SyntaxException} (the flags were checked before, so
   * that is a bug).
   */
  public static UserValues read(List<Path> valuesFiles, List<String> sets, List<String> setStrings)
      throws IOException, SetParser.SyntaxException {
    Map<String, Object> merged = new LinkedHashMap<>();
    Map<String, Origin> origins = new LinkedHashMap<>();
    for (Path file : valuesFiles) {
      Map<String, Object> values = readYaml(file);
      Origin origin = new Origin("--values", Optional.of(file));
      ValuesTree.paths(values).forEach(p -> origins.put(p, origin));
      merged = ValuesTree.merge(merged, values);
    }
    Map<String, Object> tree = ValuesTree.deepCopy(merged);
    apply(sets, false, tree, origins);
    apply(setStrings, true, tree, origins);
    return new UserValues(merged, sets, setStrings, tree, origins);
  }

  private static void apply(
      List<String> sets, boolean strings, Map<String, Object> tree, Map<String, Origin> origins)
      throws SetParser.SyntaxException {
    Origin origin = new Origin(strings ? "--set-string" : "--set", Optional.empty());
    for (String set : sets) {
      ValuesTree.paths(SetParser.parse(set, strings)).forEach(p -> origins.put(p, origin));
      SetParser.parseInto(set, strings, tree);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readYaml(Path file) throws IOException {
    Object root;
    try {
      root = YAML.readValue(Files.readString(file), Object.class);
    } catch (JacksonException e) {
      throw new IOException(file + ": " + e.getOriginalMessage(), e);
    }
    if (root == null) {
      return new LinkedHashMap<>();
    }
    if (!(root instanceof Map<?, ?>)) {
      throw new IOException(file + ": the top level is not a map of values");
    }
    return (Map<String, Object>) root;
  }

  /** Everything the user gave, combined. */
  public Map<String, Object> tree() {
    return tree;
  }

  /** The value at a dotted key such as {@code kubeDNS.ip} or {@code upstream.servers[0]}. */
  public Optional<Object> get(String key) {
    return ValuesTree.get(tree, key);
  }

  /** Whether the user gave {@code key} at all (a null counts: it removes a default). */
  public boolean has(String key) {
    return ValuesTree.has(tree, key);
  }

  /** Which flag gave the value at {@code key} (or the nearest value above or below it). */
  public Optional<Origin> origin(String key) {
    if (origins.containsKey(key)) {
      return Optional.of(origins.get(key));
    }
    for (String up = ValuesTree.parent(key); up != null; up = ValuesTree.parent(up)) {
      if (origins.containsKey(up)) {
        return Optional.of(origins.get(up));
      }
    }
    return origins.entrySet().stream()
        .filter(e -> ValuesTree.isUnder(e.getKey(), key))
        .reduce((first, last) -> last)
        .map(Map.Entry::getValue);
  }

  /**
   * The last values file Helm is given when there are sets or an image: the merged files with
   * {@code image} and then the sets applied, so Helm sees exactly what its own {@code --set} would
   * make of them (a list index changes the files' list, it does not replace it). Empty when there
   * is nothing to add to the files.
   */
  public Optional<String> overlayYaml(Optional<ImageRef> image) {
    if (sets.isEmpty() && setStrings.isEmpty() && image.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> overlay = ValuesTree.deepCopy(files);
    image.ifPresent(
        i -> {
          Map<String, Object> imageValues = new LinkedHashMap<>();
          imageValues.put("repository", i.repository());
          imageValues.put("tag", i.tag());
          overlay.put(
              "image", ValuesTree.merge(ValuesTree.mapAt(overlay.get("image")), imageValues));
        });
    try {
      for (String set : sets) {
        SetParser.parseInto(set, false, overlay);
      }
      for (String set : setStrings) {
        SetParser.parseInto(set, true, overlay);
      }
    } catch (SetParser.SyntaxException e) {
      throw new IllegalStateException("a --set that parsed once no longer parses", e);
    }
    return Optional.of(toYaml(overlay));
  }

  /** A values tree as YAML; every string quoted, so Helm reads back exactly these types. */
  public static String toYaml(Map<String, Object> values) {
    return YAML_OUT.writeValueAsString(values);
  }
}
