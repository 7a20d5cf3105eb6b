package io.nodelocaldns.modes.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodelocaldns.modes.node.SetupErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Reads the kube-dns ConfigMap's mount ({@code -kubednscm}): the files {@code stubDomains} (a JSON
 * object of domain → list of servers) and {@code upstreamNameservers} (a JSON list), both optional.
 * A file that is not such JSON is logged and counted as a {@code configmap} setup error, and the
 * last good configuration stays in force, as the upstream agent does.
 */
public final class KubeDnsConfigReader {
  static final String STUB_DOMAINS = "stubDomains";
  static final String UPSTREAM_NAMESERVERS = "upstreamNameservers";
  private static final Logger LOG = Logger.getLogger(KubeDnsConfigReader.class.getName());

  /** A server: an IP or IP:port, no spaces or braces that could break the Corefile. */
  private static final Pattern SERVER = Pattern.compile("[0-9A-Fa-f.:\\[\\]]+");

  private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9_.-]+\\.?");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final SetupErrors errors;
  private KubeDnsConfig last = KubeDnsConfig.NONE;

  public KubeDnsConfigReader(Path dir, SetupErrors errors) {
    this.dir = dir;
    this.errors = errors;
  }

  /** The files' bytes, for change detection: what {@link #read()} would read. */
  List<Optional<byte[]>> contents() {
    List<Optional<byte[]>> contents = new ArrayList<>();
    for (String name : List.of(STUB_DOMAINS, UPSTREAM_NAMESERVERS)) {
      try {
        contents.add(bytes(dir.resolve(name)));
      } catch (IllegalArgumentException e) {
        contents.add(Optional.empty()); // read() reports it
      }
    }
    return contents;
  }

  /** The configuration now, or the last good one if a file is malformed. */
  public KubeDnsConfig read() {
    try {
      Map<String, List<String>> stubs = new TreeMap<>();
      Optional<String> stubText = text(dir.resolve(STUB_DOMAINS));
      if (stubText.isPresent() && !stubText.get().isBlank()) {
        if (!(parseJson(stubText.get()) instanceof Map<?, ?> map)) {
          throw new IllegalArgumentException("expected a JSON object of domain to list of servers");
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          String domain = (String) entry.getKey();
          if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("invalid domain \"" + domain + "\"");
          }
          stubs.put(domain, servers(entry.getValue(), "servers of " + domain));
        }
      }
      List<String> upstream = List.of();
      Optional<String> upstreamText = text(dir.resolve(UPSTREAM_NAMESERVERS));
      if (upstreamText.isPresent() && !upstreamText.get().isBlank()) {
        upstream = servers(parseJson(upstreamText.get()), UPSTREAM_NAMESERVERS);
      }
      last = new KubeDnsConfig(stubs, upstream);
    } catch (IllegalArgumentException | ClassCastException e) {
      errors.count(SetupErrors.Type.CONFIGMAP);
      LOG.severe(
          () ->
              "kube-dns ConfigMap in "
                  + dir
                  + " is invalid, keeping the previous configuration: "
                  + e.getMessage());
    }
    return last;
  }

  private static List<String> servers(Object value, String what) {
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException(what + ": expected a non-empty JSON list of IPs");
    }
    List<String> servers = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String server) || !SERVER.matcher(server).matches()) {
        throw new IllegalArgumentException(
            what + ": invalid server " + item + " (expected an IP or IP:port)");
      }
      servers.add(server);
    }
    return servers;
  }

  private Optional<String> text(Path file) {
    return bytes(file).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private static Optional<byte[]> bytes(Path file) {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * JSON text as maps, lists and scalars; malformed text is an {@link IllegalArgumentException}.
   */
  private static Object parseJson(String text) {
    try {
      return JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
