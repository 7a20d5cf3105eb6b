package io.nodelocaldns.e2e.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code docker save} tarball (the layout {@code jib:buildTar} writes and {@code docker
 * load} reads) says about its image: from {@code manifest.json} the tags and the layer files in
 * order (lowest first), from the config JSON the architecture and how a runtime starts it.
 */
record ImageConfig(
    List<String> repoTags,
    List<String> layers,
    String architecture,
    List<String> entrypoint,
    List<String> cmd,
    List<String> env) {
  private static final ObjectMapper JSON = new ObjectMapper();

  ImageConfig {
    repoTags = List.copyOf(repoTags);
    layers = List.copyOf(layers);
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
  }

  /** Reads {@code manifest.json} and the config it names from an unpacked image tarball. */
  static ImageConfig read(Path unpackedTarball) {
    try {
      JsonNode manifests = JSON.readTree(unpackedTarball.resolve("manifest.json").toFile());
      if (!manifests.isArray() || manifests.size() != 1) {
        throw new IllegalArgumentException(
            "manifest.json of " + unpackedTarball + " should describe one image: " + manifests);
      }
      JsonNode manifest = manifests.get(0);
      String configFile = manifest.path("Config").asText();
      JsonNode config = JSON.readTree(Files.readString(unpackedTarball.resolve(configFile)));
      JsonNode runtime = config.path("config");
      return new ImageConfig(
          strings(manifest.path("RepoTags")),
          strings(manifest.path("Layers")),
          config.path("architecture").asText(),
          strings(runtime.path("Entrypoint")),
          strings(runtime.path("Cmd")),
          strings(runtime.path("Env")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the image in " + unpackedTarball, e);
    }
  }

  /**
   * The process a container runtime starts for {@code args} (a pod's {@code args:}): the entrypoint
   * followed by the args, or by the image's Cmd when there are none.
   */
  List<String> command(List<String> args) {
    List<String> command = new ArrayList<>(entrypoint);
    command.addAll(args.isEmpty() ? cmd : args);
    if (command.isEmpty()) {
      throw new IllegalStateException("the image has neither an entrypoint nor a command");
    }
    return List.copyOf(command);
  }

  /** The image's {@code Env} as a map, in its order. */
  Map<String, String> environment() {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String entry : env) {
      int eq = entry.indexOf('=');
      variables.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }
    return variables;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
