/**
 * The {@code template} directive: answers queries with records rendered from Go templates, as
 * CoreDNS's template plugin (https://coredns.io/plugins/template/) does.
 *
 * <pre>
 * template CLASS TYPE [ZONE...] {
 *     match REGEX...
 *     answer RR...
 *     additional RR...
 *     authority RR...
 *     rcode CODE
 *     ederror EXTENDED_ERROR_CODE [EXTRA_REASON]
 *     fallthrough [ZONE...]
 * }
 * </pre>
 *
 * <ul>
 *   <li>{@code CLASS} and {@code TYPE} are miekg/dns's names, in upper case as CoreDNS reads them:
 *       {@code IN}, {@code CH}, {@code ANY}; {@code A}, {@code AAAA}, {@code PTR}, {@code ANY}.
 *       {@code ANY} on either side matches anything. {@code ZONE}s default to the block's zones.
 *   <li>{@code match}: Go (RE2) regexes, searched for in the lower-cased query name with its
 *       trailing dot, e.g. {@code example.com.}: unanchored, as Go's {@code MatchString} (write
 *       {@code ^...$} to match the whole name). The first that matches wins; none written is {@code
 *       .*}. See {@link io.nodelocaldns.runtime.template.GoRegex} for how RE2 maps to Java and what
 *       is refused.
 *   <li>{@code answer}, {@code additional}, {@code authority}: one record each, zone-file text
 *       rendered by a Go template, e.g. {@code "{{ .Name }} 60 IN A 10.0.0.1"}; relative names are
 *       completed with the root, the TTL defaults to 3600 and the class to IN. See {@link
 *       io.nodelocaldns.runtime.template.GoTemplate} for the template syntax supported.
 *   <li>{@code rcode}: NOERROR (default), NXDOMAIN, REFUSED, ... up to NOTZONE; SERVFAIL answers a
 *       bare SERVFAIL, as CoreDNS. Extended rcodes (BADSIG, ...) are refused.
 *   <li>{@code ederror}: RFC 8914's extended error, added to the OPT record of clients that sent
 *       one (CoreDNS adds an OPT record to other clients' answers too; we do not, as RFC 6891
 *       asks). It is left out when the answer must be truncated for UDP.
 *   <li>{@code fallthrough}: when no regex matches a name in these zones (default all), try the
 *       next {@code template} line, then the next directive.
 * </ul>
 *
 * <p>A query meets the block's {@code template} lines in the order written (CoreDNS's semantics,
 * verified against its {@code plugin/template/template.go}):
 *
 * <ol>
 *   <li>a line whose zones do not contain the name, or whose class or type differs, is passed over;
 *   <li>otherwise, when a regex matches, the line answers: its rcode, its records, the AA bit set
 *       and RA clear ({@code coredns_template_matches_total} counts it);
 *   <li>when no regex matches, the next line is tried if the line falls through for the name, else
 *       the client gets SERVFAIL: a line whose zone and type cover a query and that has {@code
 *       match} but no {@code fallthrough} answers every such query;
 *   <li>a query no line answered goes on to the next directive ({@code loop}, {@code forward}).
 * </ol>
 *
 * <p>{@code template IN AAAA { rcode NOERROR }} (the {@code noIPv6Lookups} of community charts)
 * thus answers every AAAA query with an empty NOERROR (NODATA) while other types are forwarded. As
 * {@code cache} comes first in the chain, it caches the template's answers as CoreDNS's does.
 *
 * <p>One difference: CoreDNS's template leaves its SERVFAILs (no regex matched without {@code
 * fallthrough}, {@code rcode SERVFAIL}) to the server to write, past {@code cache}; here they pass
 * back through {@code cache} like any answer, which keeps them for its {@code servfail} duration.
 * The client's answer is the same.
 *
 * <p>A rendered template that fails (an index out of range, a number {@code parseInt} cannot read)
 * or that is no resource record is answered SERVFAIL, logged by {@code errors} and counted in
 * {@code coredns_template_template_failures_total} or {@code coredns_template_rr_failures_total}.
 *
 * <p>Refused when the Corefile is read, with the line: {@code var} and {@code expr} (CoreDNS's
 * expression language), template syntax beyond fields, {@code index} and {@code parseInt}, a
 * template reading a group no regex of its line has, and a CNAME answer to A or AAAA queries
 * (CoreDNS then resolves the target through the server; this implementation does not). {@code
 * upstream} is accepted and ignored, as CoreDNS does.
 */
package io.nodelocaldns.runtime.template;
