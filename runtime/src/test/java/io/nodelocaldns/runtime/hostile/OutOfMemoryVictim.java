package io.nodelocaldns.runtime.hostile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;

/**
 * A program that handles SIGTERM as the agent does (writes {@code args[0]}, then exits 0), then
 * keeps every byte it allocates until the heap runs out. Started under jvm.options by {@link
 * OutOfMemoryIT}.
 */
public final class OutOfMemoryVictim {
  private OutOfMemoryVictim() {}

  public static void main(String[] args) throws Exception {
    Path marker = Path.of(args[0]);
    Signal.handle(
        new Signal("TERM"),
        signal -> {
          try {
            Files.writeString(marker, "SIGTERM\n");
          } catch (Exception e) {
            Runtime.getRuntime().halt(3);
          }
          Runtime.getRuntime().halt(0);
        });
    List<byte[]> kept = new ArrayList<>();
    try {
      while (true) {
        kept.add(new byte[1 << 20]);
      }
    } catch (OutOfMemoryError e) {
      kept.clear(); // as the heap of a real process after the failed allocation's request unwinds
    }
    Thread.sleep(60_000); // the signal ends it; if none comes, a later exit code tells
    Runtime.getRuntime().halt(4);
  }
}
