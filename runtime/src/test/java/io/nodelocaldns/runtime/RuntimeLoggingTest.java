package io.nodelocaldns.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.plugin.FatalLevel;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class RuntimeLoggingTest {
  private final RuntimeLogging.CoreDnsFormatter formatter = new RuntimeLogging.CoreDnsFormatter();

  @Test
  void levelsArePrintedAsCoreDnsPrintsThem() {
    assertThat(format(Level.INFO, "Reloading"))
        .isEqualTo("[INFO] Reloading" + System.lineSeparator());
    assertThat(format(Level.WARNING, "w")).startsWith("[WARNING] w");
    assertThat(format(Level.SEVERE, "plugin/reload: failed"))
        .startsWith("[ERROR] plugin/reload: failed");
    assertThat(format(FatalLevel.FATAL, "plugin/loop: Loop"))
        .startsWith("[FATAL] plugin/loop: Loop");
    assertThat(format(Level.FINE, "f")).startsWith("[DEBUG] f");
  }

  @Test
  void fatalIsAboveSevere() {
    assertThat(FatalLevel.FATAL.intValue()).isGreaterThan(Level.SEVERE.intValue());
  }

  private String format(Level level, String message) {
    return formatter.format(new LogRecord(level, message));
  }
}
