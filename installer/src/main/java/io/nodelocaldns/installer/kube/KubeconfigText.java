package io.nodelocaldns.installer.kube;

import io.nodelocaldns.installer.UsageException;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;

/** Small edits and renderings of kubeconfig text. */
public final class KubeconfigText {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private KubeconfigText() {}

  /**
   * The same kubeconfig with {@code current-context} set, after checking the context exists; {@code
   * file} is where it was read, for the error when it is not YAML (which never quotes it).
   */
  public static String withCurrentContext(String kubeconfig, String context, Path file) {
    try {
      JsonNode root = YAML.readTree(kubeconfig);
      boolean known = false;
      for (JsonNode c : root.path("contexts")) {
        known |= context.equals(c.path("name").asString());
      }
      if (!known) {
        throw new UsageException(
            "--context: \"" + context + "\" is not a context of the kubeconfig");
      }
      ((ObjectNode) root).put("current-context", context);
      return YAML.writeValueAsString(root);
    } catch (JacksonException | ClassCastException e) {
      // never e's message: it quotes the offending line, which can hold a token
      throw KubeconfigErrors.unreadable(file, e);
    }
  }
}
