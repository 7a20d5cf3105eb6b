package io.nodelocaldns.installer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.migrate.DeliveryheroValues;
import io.nodelocaldns.installer.migrate.ManifestMigration;
import io.nodelocaldns.installer.migrate.Migration;
import io.nodelocaldns.installer.migrate.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;

@Parameters(
    commandNames = "migrate",
    commandDescription =
        "Print this chart's values (YAML, for render/install --values) for another NodeLocal"
            + " DNSCache installation: --from deliveryhero --values THEIR_VALUES.yaml (their Helm"
            + " chart's values), or --from manifest FILE (an edited upstream nodelocaldns.yaml)."
            + " One line per setting on stderr: carried, changed how, dropped and why, stopped (cannot"
            + " be said here), unknown. Exit 0 with stopped or unknown lines too. See"
            + " docs/migrate.md.")
final class MigrateCommand extends Command {

  @Parameter(
      names = "--from",
      description = "deliveryhero (their chart's values file) or manifest (nodelocaldns.yaml)",
      required = true)
  String from;

  @Parameter(
      names = "--values",
      description = "the file to migrate: their values file, or the manifest")
  String valuesFile;

  @Parameter(description = "FILE (instead of --values)")
  List<String> files = new ArrayList<>();

  @Parameter(
      names = "--chart",
      description =
          "a chart directory whose defaults are left out of the output (default: the bundled chart)")
  String chartDir;

  @Override
  int run(Cli cli) {
    Path file = file();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw ChartFlags.bad("--values", file.toString(), "cannot be read: " + e.getMessage());
    }
    Map<String, Object> ourDefaults = ourDefaults(cli);
    Migration migration =
        switch (from) {
          case "deliveryhero" -> DeliveryheroValues.migrate(theirValues(file, text), ourDefaults);
          case "manifest" -> manifest(file, text, ourDefaults);
          default -> throw ChartFlags.bad("--from", from, "is not deliveryhero or manifest");
        };
    migration.lines().forEach(line -> cli.note("migrate: " + line));
    cli.out.print(migration.yaml());
    cli.out.flush();
    return InstallerMain.EXIT_OK;
  }

  private Path file() {
    List<String> given = new ArrayList<>(files);
    if (valuesFile != null) {
      given.addFirst(valuesFile);
    }
    if (given.size() != 1) {
      throw new UsageException(
          "give one file to migrate: --values FILE, or FILE ("
              + (given.isEmpty() ? "none" : String.join(", ", given))
              + " given)");
    }
    Path file = Path.of(given.getFirst());
    if (!Files.isRegularFile(file)) {
      throw ChartFlags.bad("--values", given.getFirst(), "is not a file");
    }
    return file;
  }

  private static Map<String, Object> theirValues(Path file, String text) {
    try {
      return Yaml.readMap(text);
    } catch (JacksonException e) {
      throw ChartFlags.bad("--values", file.toString(), "is not YAML: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw ChartFlags.bad("--values", file.toString(), "is not a map of values");
    }
  }

  private static Migration manifest(Path file, String text, Map<String, Object> ourDefaults) {
    try {
      return ManifestMigration.migrate(text, ourDefaults);
    } catch (JacksonException e) {
      throw ChartFlags.bad("--values", file.toString(), "is not YAML: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw ChartFlags.bad(
          "--values", file.toString(), "is not a NodeLocal DNSCache manifest: " + e.getMessage());
    }
  }

  private Map<String, Object> ourDefaults(Cli cli) {
    HelmChart chart;
    if (chartDir == null) {
      chart = cli.environment.chart().get();
    } else {
      try {
        chart = HelmChart.at(Path.of(chartDir));
      } catch (IllegalArgumentException e) {
        throw ChartFlags.bad("--chart", chartDir, "is not a chart directory (no Chart.yaml)");
      }
    }
    try {
      return Yaml.readMap(Files.readString(chart.directory().resolve("values.yaml")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
