package io.nodelocaldns.modes.agent;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Converts a flag's word to one of an enum's constants, or says which words are valid. */
final class Choices {
  private Choices() {}

  static <E extends Enum<E>> E parse(
      String flag, String value, Class<E> type, Function<E, String> word) throws UsageException {
    for (E constant : type.getEnumConstants()) {
      if (word.apply(constant).equals(value.toLowerCase(Locale.ROOT))) {
        return constant;
      }
    }
    throw new UsageException(
        flag + ": invalid value \"" + value + "\" (valid: " + valid(type, word) + ")");
  }

  static <E extends Enum<E>> String valid(Class<E> type, Function<E, String> word) {
    return Arrays.stream(type.getEnumConstants()).map(word).collect(Collectors.joining(", "));
  }
}
