package io.nodelocaldns.modes.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of the kube-dns ConfigMap's entries. A class of its own so Jackson (~375 classes, ~6 MiB
 * of the agent's class metadata) is loaded only on a node whose ConfigMap has entries to read, not
 * on every node.
 */
final class KubeDnsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private KubeDnsJson() {}

  /**
   * JSON text as maps, lists and scalars; malformed text is an {@link IllegalArgumentException}.
   */
  static Object parse(String text) {
    try {
      return MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A JSON string, as the ConfigMap writes it: quotes, backslashes and control characters escaped.
   */
  static String quote(String text) {
    try {
      return MAPPER.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string is always JSON", e);
    }
  }
}
