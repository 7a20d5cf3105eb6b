package io.nodelocaldns.runtime.corefile;

/** Where something was written: the Corefile's name and a 1-based line. */
public record Location(String file, int line) {
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
