package io.nodelocaldns.installer.values;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * The installer's own values as the user's {@code --values} files and {@code --set} pairs set them.
 * They win in Helm, so the installer must act on them too (e.g. a {@code --set mode=ipvs} needs the
 * kubelet change) and need not discover what they already say.
 */
public final class UserOverrides {
  /** The values the installer computes and acts on. */
  public static final List<String> KEYS =
      List.of("mode", "profile", "localIP", "kubeDNS.ip", "clusterDomain");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Map<String, Sourced> found = new HashMap<>();

  /** A value and where the user gave it. */
  public record Sourced(String value, String source) {}

  private UserOverrides() {}

  public static UserOverrides none() {
    return new UserOverrides();
  }

  /** Files in order, then the sets: Helm's precedence, so the last one seen wins. */
  public static UserOverrides read(List<Path> files, Map<String, String> sets) throws IOException {
    UserOverrides overrides = new UserOverrides();
    for (Path file : files) {
      JsonNode root;
      try {
        root = YAML.readTree(Files.readString(file));
      } catch (JacksonException e) {
        throw new IOException(file + ": " + e.getOriginalMessage(), e);
      }
      if (root == null) {
        continue;
      }
      for (String key : KEYS) {
        JsonNode node = root;
        for (String part : key.split("\\.")) {
          node = node.path(part);
        }
        if (node.isValueNode() && !node.isNull() && !node.asString().isEmpty()) {
          overrides.found.put(key, new Sourced(node.asString(), "--values " + file));
        }
      }
    }
    sets.forEach(
        (key, value) -> {
          if (KEYS.contains(key)) {
            overrides.found.put(key, new Sourced(value, "--set " + key));
          }
        });
    return overrides;
  }

  public Optional<Sourced> get(String key) {
    return Optional.ofNullable(found.get(key));
  }
}
