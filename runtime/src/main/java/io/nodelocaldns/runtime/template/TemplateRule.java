package io.nodelocaldns.runtime.template;

import java.util.List;
import java.util.Optional;

/**
 * One {@code template CLASS TYPE [ZONE...] { ... }} line, read. Compares by value: its regexes and
 * templates compare by the text written.
 *
 * @param qclass the class it answers (255: any)
 * @param qtype the type it answers (255: any)
 * @param zones normalised zones whose names it answers
 * @param regexes the {@code match} regexes, first match wins ({@code .*} when none is written)
 * @param answer the {@code answer} templates, in order
 * @param additional the {@code additional} templates
 * @param authority the {@code authority} templates
 * @param rcode the response code, four bits (default NOERROR)
 * @param extendedError the {@code ederror} to attach, if any
 * @param fallthrough the zones whose names go on to the next rule when no regex matches; empty
 *     without {@code fallthrough} (a SERVFAIL), {@code ["."]} for a bare {@code fallthrough}
 */
public record TemplateRule(
    int qclass,
    int qtype,
    List<String> zones,
    List<GoRegex> regexes,
    List<GoTemplate> answer,
    List<GoTemplate> additional,
    List<GoTemplate> authority,
    int rcode,
    Optional<ExtendedError> extendedError,
    List<String> fallthrough) {

  /** Class and type ANY, which match every query. */
  public static final int ANY = 255;

  public TemplateRule {
    zones = List.copyOf(zones);
    regexes = List.copyOf(regexes);
    answer = List.copyOf(answer);
    additional = List.copyOf(additional);
    authority = List.copyOf(authority);
    fallthrough = List.copyOf(fallthrough);
  }

  /**
   * {@code ederror CODE [REASON]}: an RFC 8914 extended DNS error.
   *
   * @param code the INFO-CODE, 0 to 65535
   * @param reason the EXTRA-TEXT, "" for none
   */
  public record ExtendedError(int code, String reason) {}
}
