package io.nodelocaldns.installer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import io.nodelocaldns.installer.InstallerException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;

@Parameters(
    commandNames = "version",
    commandDescription = "Print the installer's and the bundled chart's versions.")
final class VersionCommand extends Command {
  @Parameter(
      names = "--chart",
      description = "report this chart directory's version instead of the bundled chart's")
  String chartDir;

  /** The jar manifest's Implementation-Version; {@code dev} when run from classes. */
  static String installerVersion() {
    String version = VersionCommand.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private Path chartYaml(Cli cli) {
    if (chartDir != null) {
      Path yaml = Path.of(chartDir, "Chart.yaml");
      if (!Files.isRegularFile(yaml)) {
        throw ChartFlags.bad("--chart", chartDir, "is not a chart directory (no Chart.yaml)");
      }
      return yaml;
    }
    return cli.environment.chart().get().directory().resolve("Chart.yaml");
  }

  @Override
  int run(Cli cli) {
    cli.out.println("node-local-dns installer " + installerVersion());
    try {
      JsonNode chart = new ObjectMapper(new YAMLFactory()).readTree(chartYaml(cli).toFile());
      cli.out.println(
          "chart "
              + chart.path("name").asString()
              + " "
              + chart.path("version").asString()
              + " (appVersion "
              + chart.path("appVersion").asString()
              + ")");
    } catch (JacksonException e) {
      throw new InstallerException("cannot read the bundled chart's Chart.yaml: " + e.getMessage());
    }
    return 0;
  }
}
