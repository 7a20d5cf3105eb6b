package io.nodelocaldns.runtime;

import io.nodelocaldns.runtime.plugin.FatalLevel;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log lines as CoreDNS prints them ({@code [INFO] ...}, {@code [WARNING] ...}, {@code [ERROR] ...},
 * {@code [FATAL] ...}) on standard output, where Kubernetes collects them.
 */
public final class RuntimeLogging {
  // JUL keeps loggers weakly: hold the ones whose level we set, or the setting is lost
  private static final Logger NETTY = Logger.getLogger("io.netty");
  private static final Logger EHCACHE = Logger.getLogger("org.ehcache");

  private RuntimeLogging() {}

  /** Replaces the JDK's default console logging; call once at process start. */
  public static void install() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.setLevel(Level.INFO);
    root.addHandler(new StdoutHandler(System.out));
    NETTY.setLevel(Level.WARNING);
    EHCACHE.setLevel(Level.WARNING);
  }

  /** {@code [LEVEL] message}, with the stack trace only for unexpected exceptions. */
  static final class CoreDnsFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
      StringBuilder line =
          new StringBuilder()
              .append('[')
              .append(levelName(record.getLevel()))
              .append("] ")
              .append(formatMessage(record))
              .append(System.lineSeparator());
      if (record.getThrown() != null) {
        line.append(stackTrace(record.getThrown()));
      }
      return line.toString();
    }

    private static String levelName(Level level) {
      if (level.intValue() >= FatalLevel.FATAL.intValue()) {
        return "FATAL";
      }
      if (level.intValue() >= Level.SEVERE.intValue()) {
        return "ERROR";
      }
      if (level.intValue() >= Level.WARNING.intValue()) {
        return "WARNING";
      }
      return level.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }

    private static String stackTrace(Throwable thrown) {
      StringWriter out = new StringWriter();
      thrown.printStackTrace(new PrintWriter(out));
      return out.toString();
    }
  }

  /** Writes each record at once: a daemon's log must not sit in a buffer when it dies. */
  static final class StdoutHandler extends Handler {
    private final PrintStream out;

    StdoutHandler(PrintStream out) {
      this.out = out;
      setFormatter(new CoreDnsFormatter());
    }

    @Override
    public void publish(LogRecord record) {
      if (isLoggable(record)) {
        out.print(getFormatter().format(record));
        out.flush();
      }
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      out.flush();
    }
  }
}
