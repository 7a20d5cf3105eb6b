/**
 * Corefile syntax: the lexer and parser of server blocks and directive lines ({@link
 * io.nodelocaldns.runtime.corefile.Directive}), {@code __PILLAR__} placeholders, and {@link
 * io.nodelocaldns.runtime.corefile.Args}, which every directive reads its arguments with so that
 * errors read the same. Knows no directive.
 */
package io.nodelocaldns.runtime.corefile;
