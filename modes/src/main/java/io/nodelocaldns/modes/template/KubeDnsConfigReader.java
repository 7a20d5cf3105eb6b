package io.nodelocaldns.modes.template;

import io.nodelocaldns.modes.node.SetupErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Reads the kube-dns ConfigMap's mount ({@code -kubednscm}): the files {@code stubDomains} (a JSON
 * object of domain → list of servers) and {@code upstreamNameservers} (a JSON list of at most three
 * servers), both optional. Each entry is checked by {@link KubeDnsConfigValidator}: a bad one is
 * dropped, logged and counted, and the rest is served. A file that is not JSON of that shape is
 * logged and counted as a {@code configmap} setup error, and the last good configuration stays in
 * force, as the upstream agent does.
 */
public final class KubeDnsConfigReader {
  static final String STUB_DOMAINS = "stubDomains";
  static final String UPSTREAM_NAMESERVERS = "upstreamNameservers";
  private static final Logger LOG = Logger.getLogger(KubeDnsConfigReader.class.getName());

  private static final String STUB_DOMAINS_SHAPE =
      STUB_DOMAINS + ": expected a JSON object of domain to list of servers (strings)";
  private static final String UPSTREAM_NAMESERVERS_SHAPE =
      UPSTREAM_NAMESERVERS + ": expected a JSON list of servers (strings)";

  private final Path dir;
  private final SetupErrors errors;
  private final KubeDnsConfigValidator validator;
  private KubeDnsConfig last = KubeDnsConfig.NONE;

  public KubeDnsConfigReader(Path dir, SetupErrors errors) {
    this.dir = dir;
    this.errors = errors;
    this.validator = new KubeDnsConfigValidator(errors);
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

  /**
   * The configuration now, its bad entries dropped, or the last good one if a file is malformed.
   */
  public KubeDnsConfig read() {
    try {
      Map<String, List<String>> stubs = new LinkedHashMap<>(); // the file's order
      Optional<String> stubText = text(dir.resolve(STUB_DOMAINS));
      if (stubText.isPresent() && !stubText.get().isBlank()) {
        if (!(KubeDnsJson.parse(stubText.get()) instanceof Map<?, ?> map)) {
          throw new IllegalArgumentException(STUB_DOMAINS_SHAPE);
        }
        map.forEach(
            (domain, servers) -> stubs.put((String) domain, strings(servers, STUB_DOMAINS_SHAPE)));
      }
      List<String> upstream = List.of();
      Optional<String> upstreamText = text(dir.resolve(UPSTREAM_NAMESERVERS));
      if (upstreamText.isPresent() && !upstreamText.get().isBlank()) {
        upstream = strings(KubeDnsJson.parse(upstreamText.get()), UPSTREAM_NAMESERVERS_SHAPE);
      }
      upstream = validator.upstreamNameservers(upstream); // refuses the file before any drop
      last = new KubeDnsConfig(validator.stubDomains(stubs), upstream);
    } catch (IllegalArgumentException e) {
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

  /**
   * {@code stubs} less those for a zone the base Corefile serves itself ({@code zones}, normalised
   * as {@link io.nodelocaldns.runtime.plugin.ServerConfig#zones()}), each dropped as {@link
   * #read()} drops a bad entry.
   */
  List<KubeDnsConfig.StubDomain> unserved(
      List<KubeDnsConfig.StubDomain> stubs, Collection<String> zones) {
    return validator.unserved(stubs, zones);
  }

  /** A JSON list of strings, as written. */
  private static List<String> strings(Object value, String shapeError) {
    if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
      throw new IllegalArgumentException(shapeError);
    }
    return list.stream().map(String.class::cast).toList();
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
}
