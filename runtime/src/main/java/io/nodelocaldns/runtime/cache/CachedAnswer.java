package io.nodelocaldns.runtime.cache;

/**
 * A fresh cached answer in a form that outlives the process: what a warm restart hands to the next
 * agent. The question (name, type, class) is read back from {@code wire} itself, so an answer can
 * only ever be restored under its own question.
 *
 * @param wire the canonical response (ID 0, question name lower-cased, no OPT)
 * @param dnssecOk the DO bit it was asked with (part of its key)
 * @param checkingDisabled the CD bit it was asked with (part of its key)
 * @param expiresAtMillis when it stops being fresh, in wall-clock milliseconds since the epoch
 */
public record CachedAnswer(
    byte[] wire, boolean dnssecOk, boolean checkingDisabled, long expiresAtMillis) {}
