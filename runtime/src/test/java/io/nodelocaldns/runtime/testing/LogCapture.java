package io.nodelocaldns.runtime.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what one logger (and its children) logs while open, formatted as "LEVEL message". */
public final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
    setLevel(Level.ALL);
    logger.addHandler(this);
  }

  /** Captures the logger named after {@code type}. */
  public static LogCapture of(Class<?> type) {
    return new LogCapture(Logger.getLogger(type.getName()));
  }

  /** Every record so far as {@code LEVEL message}, e.g. {@code SEVERE plugin/reload: ...}. */
  public List<String> lines() {
    return records.stream().map(r -> r.getLevel().getName() + " " + message(r)).toList();
  }

  private static String message(LogRecord record) {
    return record.getMessage();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
