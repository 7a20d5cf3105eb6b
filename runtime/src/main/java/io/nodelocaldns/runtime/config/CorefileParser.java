package io.nodelocaldns.runtime.config;

import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.EnvironmentVariables;
import io.nodelocaldns.runtime.corefile.Location;
import io.nodelocaldns.runtime.corefile.Placeholders;
import io.nodelocaldns.runtime.corefile.ServerBlockSyntax;
import io.nodelocaldns.runtime.corefile.SyntaxParser;
import io.nodelocaldns.runtime.plugin.Corefile;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a Corefile: fills in the {@code __PILLAR__} placeholders, parses the server blocks and has
 * each directive read by its plugin. Every problem is a {@link CorefileException} naming the file,
 * the line and the directive.
 *
 * <p>Supported: server blocks keyed {@code [dns://]ZONE[:PORT]} (several keys per block, separated
 * by spaces or commas), comments, quoted strings, nested blocks, and the directives of {@link
 * Plugins#STANDARD}, in any order, and environment variables ({@code {$NAME}}, {@link
 * EnvironmentVariables}). Not supported: {@code import} and snippets, transports other than plain
 * DNS.
 */
public final class CorefileParser {
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private CorefileParser() {}

  /**
   * Parses a Corefile's text.
   *
   * @param source the name used in messages, e.g. the file's path
   * @param placeholders values by full placeholder name, e.g. {@code "__PILLAR__LOCAL__DNS__"}
   * @throws CorefileException if the Corefile cannot be served, e.g. a placeholder without a value
   */
  public static Corefile parse(String source, String text, Map<String, String> placeholders) {
    return parse(source, text, placeholders, Plugins.STANDARD, Machine.THIS);
  }

  /**
   * As {@link #parse(String, String, Map)}, with the directives of {@code plugins}, read against
   * {@code machine}'s interfaces and environment.
   */
  public static Corefile parse(
      String source,
      String text,
      Map<String, String> placeholders,
      Plugins plugins,
      Machine machine) {
    String filled =
        EnvironmentVariables.substitute(
            source,
            Placeholders.substitute(stripByteOrderMark(text), placeholders),
            machine.environment());
    List<ServerBlockSyntax> blocks = SyntaxParser.parse(source, filled);
    return new Corefile(
        source, filled, ServerBlocks.understand(blocks, plugins, machine.interfaces()));
  }

  /**
   * Reads and parses a Corefile; its path names it in messages.
   *
   * @throws CorefileException if the file cannot be read (at line 0: the file as a whole) or cannot
   *     be served
   */
  public static Corefile load(Path file, Map<String, String> placeholders) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw unreadable(file, "no such file");
    } catch (CharacterCodingException e) {
      throw unreadable(file, "not UTF-8 text");
    } catch (IOException e) {
      throw unreadable(
          file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
    return parse(file.toString(), text, placeholders);
  }

  private static CorefileException unreadable(Path file, String why) {
    return new CorefileException(
        new Location(file.toString(), 0), null, "cannot read the Corefile: " + why);
  }

  private static String stripByteOrderMark(String text) {
    return text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text;
  }
}
