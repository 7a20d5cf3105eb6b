/**
 * The command line: parsing (jcommander), one class per command, and the one place where a failure
 * becomes a line on stderr and an exit code.
 */
package io.nodelocaldns.installer.cli;
