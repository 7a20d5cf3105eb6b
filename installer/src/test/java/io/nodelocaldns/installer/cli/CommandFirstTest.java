package io.nodelocaldns.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Which flags take no value is read from jcommander, so the command word is found after them. */
class CommandFirstTest {
  static JCommander installerParser() {
    List<Command> commands = InstallerMain.commands().values().stream().map(Supplier::get).toList();
    return InstallerMain.parser(new InstallerMain.Main(), commands);
  }

  /** A command that exists only here: its flags are listed nowhere but in its own fields. */
  @Parameters(commandNames = "lint")
  static final class LintCommand extends Command {
    @Parameter(names = "--strict", description = "a switch no list names")
    boolean strict;

    @Parameter(names = "--level", description = "a flag with a value")
    String level;

    @Override
    int run(Cli cli) {
      return 0;
    }
  }

  @Test
  void aNewBooleanFlagIsASwitchWithoutBeingListedAnywhere() {
    JCommander parser = InstallerMain.parser(new InstallerMain.Main(), List.of(new LintCommand()));

    assertThat(CommandFirst.switches(parser)).contains("--strict").doesNotContain("--level");
    assertThat(CommandFirst.reorder(parser, new String[] {"--strict", "lint", "--level", "x"}))
        .containsExactly("lint", "--strict", "--level", "x");
    assertThat(CommandFirst.reorder(parser, new String[] {"--level", "lint", "lint"}))
        .as("the word after a flag with a value is that value")
        .containsExactly("lint", "--level", "lint");
  }

  @Test
  void theInstallersSwitchesAreItsBooleanFlags() {
    assertThat(CommandFirst.switches(installerParser()))
        .containsExactlyInAnyOrder("--dry-run", "--no-verify", "--force", "--help", "-h");
  }
}
