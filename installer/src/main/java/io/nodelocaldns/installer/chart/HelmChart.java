package io.nodelocaldns.installer.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The node-local-dns Helm chart, driven through the real Helm engine (helm-java). The installer jar
 * carries the chart from {@code charts/node-local-dns} as resources under {@code
 * charts/node-local-dns/}; {@link #bundled()} copies it to a temporary directory because Helm reads
 * a chart from the file system.
 */
public final class HelmChart {
  /** The chart's name, also the default release name. */
  public static final String NAME = "node-local-dns";

  private static final String RESOURCE = "charts/" + NAME;

  /** Where Helm's install output turns to the chart's notes. */
  private static final String NOTES_HEADING = "NOTES:\n";

  private final Path directory;

  private HelmChart(Path directory) {
    this.directory = directory;
  }

  /** The chart in a directory, e.g. {@code charts/node-local-dns} of a checkout. */
  public static HelmChart at(Path directory) {
    if (!Files.isRegularFile(directory.resolve("Chart.yaml"))) {
      throw new IllegalArgumentException("no Helm chart (Chart.yaml) in " + directory);
    }
    return new HelmChart(directory);
  }

  /** The chart this jar (or class path) carries, copied to a directory deleted at exit. */
  public static HelmChart bundled() {
    URL chartYaml = HelmChart.class.getClassLoader().getResource(RESOURCE + "/Chart.yaml");
    if (chartYaml == null) {
      throw new IllegalStateException(
          "the installer was built without its chart (" + RESOURCE + ")");
    }
    try {
      Path target = Files.createTempDirectory("node-local-dns-chart");
      Path copy = target.resolve(NAME);
      if ("jar".equals(chartYaml.getProtocol())) {
        try (FileSystem jar = FileSystems.newFileSystem(chartYaml.toURI(), Map.of())) {
          copyTree(jar.getPath("/" + RESOURCE), copy);
        }
      } else {
        copyTree(Path.of(chartYaml.toURI()).getParent(), copy);
      }
      deleteAtExit(target);
      return new HelmChart(copy);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the bundled chart", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Where the chart's files are. */
  public Path directory() {
    return directory;
  }

  /** {@code helm template}: the manifests as multi-document YAML. */
  public String template(String releaseName, String namespace, ChartValues values) {
    HelmNativeLibrary.requireForThisPlatform();
    TemplateCommand command =
        new Helm(directory).template().withName(releaseName).withNamespace(namespace);
    values.files().forEach(command::withValuesFile);
    values.sets().forEach(command::set);
    return command.call();
  }

  /**
   * The chart's NOTES.txt for these values, as {@code helm install} prints them (e.g. the kubelet
   * change IPVS mode needs). A client-only dry run: no cluster is asked, nothing is installed.
   */
  public String notes(String releaseName, String namespace, ChartValues values) {
    HelmNativeLibrary.requireForThisPlatform();
    InstallCommand command =
        new Helm(directory)
            .install()
            .withName(releaseName)
            .withNamespace(namespace)
            .clientOnly()
            .dryRun();
    values.files().forEach(command::withValuesFile);
    values.sets().forEach(command::set);
    String output = command.call().getOutput();
    int notes = output.indexOf(NOTES_HEADING);
    return notes < 0 ? "" : output.substring(notes + NOTES_HEADING.length()).strip();
  }

  /** {@code helm lint --strict}: Helm's messages; an error among them means the chart is broken. */
  public LintResult lint() {
    HelmNativeLibrary.requireForThisPlatform();
    return new Helm(directory).lint().strict().call();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  private static void deleteAtExit(Path root) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try (Stream<Path> files = Files.walk(root)) {
                    files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
                  } catch (IOException ignored) {
                    // a temporary directory left behind is harmless
                  }
                }));
  }

  /** The manifests' documents, split on Helm's separators, without empty ones. */
  public static List<String> documents(String manifests) {
    return Stream.of(manifests.split("(?m)^---\\s*$"))
        .map(String::strip)
        .filter(doc -> !doc.isEmpty() && !doc.lines().allMatch(l -> l.startsWith("#")))
        .toList();
  }
}
