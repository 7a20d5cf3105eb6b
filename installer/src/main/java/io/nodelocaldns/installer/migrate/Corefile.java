package io.nodelocaldns.installer.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Corefile read into server blocks and directives, enough to tell what a NodeLocal DNSCache
 * Corefile does: zones, cache settings, forward targets and options, and the other directives.
 */
public final class Corefile {
  private Corefile() {}

  /** One directive: its name, arguments, and the directives of its block (if it has one). */
  public record Directive(String name, List<String> args, List<Directive> block) {
    public Directive {
      args = List.copyOf(args);
      block = List.copyOf(block);
    }

    /** The directive and its block as Corefile lines, e.g. {@code prefetch 3 30s 20%}. */
    public String line() {
      return args.isEmpty() ? name : name + " " + String.join(" ", args);
    }

    public Optional<Directive> child(String name) {
      return block.stream().filter(d -> d.name().equals(name)).findFirst();
    }
  }

  /** One server block: its keys (e.g. {@code cluster.local:53}), directives and text. */
  public record ServerBlock(List<String> keys, List<Directive> directives, String text) {
    public ServerBlock {
      keys = List.copyOf(keys);
      directives = List.copyOf(directives);
    }

    /** The first key's zone without the port: {@code cluster.local}, {@code .}. */
    public String zone() {
      String key = keys.getFirst().replaceFirst("^dns://", "");
      int colon = key.lastIndexOf(':');
      String zone = colon > 0 ? key.substring(0, colon) : key;
      return zone.isEmpty() ? "." : zone;
    }

    public Optional<Directive> directive(String name) {
      return directives.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public boolean has(String name) {
      return directive(name).isPresent();
    }
  }

  /** The server blocks of a Corefile; comments are dropped. */
  public static List<ServerBlock> parse(String text) {
    List<ServerBlock> blocks = new ArrayList<>();
    List<String> lines = text.lines().toList();
    int i = 0;
    while (i < lines.size()) {
      String line = strip(lines.get(i));
      if (line.isEmpty()) {
        i++;
        continue;
      }
      if (!line.endsWith("{")) {
        throw new IllegalArgumentException("not a server block: \"" + line + "\"");
      }
      int start = i;
      List<String> keys = List.of(line.substring(0, line.length() - 1).strip().split("[\\s,]+"));
      List<Directive> directives = new ArrayList<>();
      i = block(lines, i + 1, directives);
      blocks.add(
          new ServerBlock(keys, directives, String.join("\n", lines.subList(start, i)) + "\n"));
    }
    return blocks;
  }

  /** Reads directives up to the closing brace; returns the line after it. */
  private static int block(List<String> lines, int i, List<Directive> into) {
    while (i < lines.size()) {
      String line = strip(lines.get(i));
      i++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.equals("}")) {
        return i;
      }
      boolean opens = line.endsWith("{");
      List<String> words =
          List.of((opens ? line.substring(0, line.length() - 1) : line).strip().split("\\s+"));
      List<Directive> inner = new ArrayList<>();
      if (opens) {
        i = block(lines, i, inner);
      }
      into.add(new Directive(words.getFirst(), words.subList(1, words.size()), inner));
    }
    throw new IllegalArgumentException("a block is not closed with }");
  }

  private static String strip(String line) {
    int hash = line.indexOf('#');
    return (hash >= 0 ? line.substring(0, hash) : line).strip();
  }
}
