package io.nodelocaldns.installer.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The chart's {@code values.schema.json}, read for what it says about one value: which keys a map
 * takes and what a value must be. Helm checks values against it; this turns Helm's findings into
 * sentences about the user's own keys.
 */
public final class ValuesSchema {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonNode root;

  private ValuesSchema(JsonNode root) {
    this.root = root;
  }

  /** The schema of the chart in {@code chartDirectory}; an empty one if it has none. */
  public static ValuesSchema of(Path chartDirectory) {
    Path file = chartDirectory.resolve("values.schema.json");
    if (!Files.isRegularFile(file)) {
      return new ValuesSchema(JSON.createObjectNode());
    }
    try {
      return new ValuesSchema(JSON.readTree(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema of the value at a path of keys (strings) and list indexes (integers). */
  public Optional<JsonNode> at(List<?> path) {
    JsonNode node = root;
    for (Object segment : path) {
      if (segment instanceof Integer) {
        node = node.path("items");
      } else if (node.path("properties").has(segment.toString())) {
        node = node.path("properties").path(segment.toString());
      } else if (node.path("additionalProperties").isObject()) {
        node = node.path("additionalProperties");
      } else {
        return Optional.empty();
      }
      if (node.isMissingNode()) {
        return Optional.empty();
      }
    }
    return Optional.of(node);
  }

  /** The keys the map at {@code path} takes, in the schema's order. */
  public List<String> keys(List<?> path) {
    List<String> keys = new ArrayList<>();
    at(path).ifPresent(node -> node.path("properties").propertyNames().forEach(keys::add));
    return keys;
  }

  /** What the value at {@code path} must be, in words: "a whole number from 1 to 65535". */
  public String expectation(List<?> path) {
    Optional<JsonNode> node = at(path);
    if (node.isEmpty()) {
      return "valid";
    }
    JsonNode schema = node.get();
    String what;
    if (schema.has("enum")) {
      what =
          "one of "
              + schema
                  .path("enum")
                  .valueStream()
                  .map(JsonNode::asString)
                  .collect(Collectors.joining(", "));
    } else if (schema.has("const")) {
      what = "\"" + schema.path("const").asString() + "\"";
    } else {
      what = type(schema);
    }
    String description = schema.path("description").asString("");
    return description.isEmpty() ? what : what + " (" + description + ")";
  }

  private static String type(JsonNode schema) {
    String type = schema.path("type").isArray() ? "" : schema.path("type").asString("");
    String range = range(schema);
    return switch (type) {
      case "boolean" -> "true or false";
      case "integer" -> "a whole number" + range;
      case "number" -> "a number" + range;
      case "array" ->
          "a list (--set KEY={a,b} or a YAML list)"
              + (schema.has("maxItems") ? " of at most " + schema.path("maxItems").asInt() : "");
      case "object" -> "a map of values";
      case "string" ->
          schema.has("pattern") && !schema.has("description")
              ? "a string matching " + schema.path("pattern").asString()
              : "a string";
      default -> "valid";
    };
  }

  private static String range(JsonNode schema) {
    if (schema.has("minimum") && schema.has("maximum")) {
      return " from " + schema.path("minimum").asLong() + " to " + schema.path("maximum").asLong();
    }
    if (schema.has("minimum")) {
      return " of at least " + schema.path("minimum").asLong();
    }
    if (schema.has("maximum")) {
      return " of at most " + schema.path("maximum").asLong();
    }
    return "";
  }
}
