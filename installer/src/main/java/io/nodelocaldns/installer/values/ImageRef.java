package io.nodelocaldns.installer.values;

import java.util.Optional;

/** {@code --image repository:tag}; the tag is after the last colon that follows the last slash. */
public record ImageRef(String repository, String tag) {
  public static Optional<ImageRef> parse(String image) {
    if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
      return Optional.empty();
    }
    if (image.contains("@")) {
      return Optional.empty(); // digests are not a tag the chart can take
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon <= slash || colon == image.length() - 1 || colon == 0) {
      return Optional.empty();
    }
    return Optional.of(new ImageRef(image.substring(0, colon), image.substring(colon + 1)));
  }
}
