package io.nodelocaldns.runtime.plugin;

import io.nodelocaldns.runtime.corefile.Location;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A server block's configuration as a short hash that is the same in every process: what a warm
 * restart compares so that a block's cache goes only to a block configured alike, as a reload keeps
 * a cache only for an unchanged block. The line the block is written on does not count. Records are
 * taken apart component by component; sets and maps are sorted (their iteration order differs
 * between JVMs), so no identity hash or iteration order leaks in.
 */
public final class ConfigFingerprint {
  private static final Location ANYWHERE = new Location("", 0);

  private ConfigFingerprint() {}

  /** 16 hex digits of SHA-256 over the canonical text of {@code block}. */
  public static String of(ServerConfig block) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical(block.at(ANYWHERE)).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  static String canonical(Object value) {
    return switch (value) {
      case null -> "null";
      case Plugin<?> plugin -> "plugin:" + plugin.name();
      case Record record -> record(record);
      case Set<?> set ->
          set.stream().map(ConfigFingerprint::canonical).sorted().toList().toString();
      case Collection<?> list ->
          list.stream().map(ConfigFingerprint::canonical).toList().toString();
      case Map<?, ?> map ->
          map.entrySet().stream()
              .map(e -> canonical(e.getKey()) + "=" + canonical(e.getValue()))
              .sorted()
              .collect(Collectors.joining(",", "{", "}"));
      case Optional<?> optional -> optional.map(ConfigFingerprint::canonical).orElse("empty");
      case Enum<?> constant -> constant.name();
      default -> value.getClass().isArray() ? array(value) : plain(value);
    };
  }

  private static String record(Record record) {
    StringBuilder out = new StringBuilder(record.getClass().getSimpleName()).append('(');
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      try {
        out.append(component.getName())
            .append('=')
            .append(canonical(component.getAccessor().invoke(record)))
            .append(';');
      } catch (ReflectiveOperationException e) {
        out.append(component.getName()).append("=?;");
      }
    }
    return out.append(')').toString();
  }

  private static String array(Object array) {
    Object[] items = new Object[Array.getLength(array)];
    for (int i = 0; i < items.length; i++) {
      items[i] = Array.get(array, i);
    }
    return canonical(List.of(items));
  }

  /** Its own text when its class says what it is; only its class otherwise (no identity hash). */
  private static String plain(Object value) {
    try {
      boolean ownText = value.getClass().getMethod("toString").getDeclaringClass() != Object.class;
      return value.getClass().getSimpleName() + ":" + (ownText ? value.toString() : "");
    } catch (NoSuchMethodException e) {
      return value.getClass().getSimpleName();
    }
  }
}
