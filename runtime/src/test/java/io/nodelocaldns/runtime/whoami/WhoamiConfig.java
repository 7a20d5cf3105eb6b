package io.nodelocaldns.runtime.whoami;

/** {@code whoami}: takes no arguments. */
record WhoamiConfig() {}
