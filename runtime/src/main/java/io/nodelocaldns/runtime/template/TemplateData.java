package io.nodelocaldns.runtime.template;

import java.util.List;
import java.util.Map;

/**
 * What a template is rendered with, as CoreDNS's {@code templateData}.
 *
 * @param zone the template's zone that contains the query name (the longest), e.g. {@code
 *     "example."}
 * @param name the query name, lower-cased, absolute
 * @param regex the {@code match} regex that matched, as written
 * @param match the whole match, then each group ("" for a group that took no part)
 * @param group the groups by number ({@code "0"}, {@code "1"}, ...) and by name
 * @param qclass the query class as miekg/dns names it ({@code IN}); the template's class when the
 *     query's is ANY
 * @param qtype the query type ({@code AAAA}); the template's type when the query's is ANY
 * @param remote the client's IP address, as Go writes it ({@code 10.0.0.1}, {@code fd00::1})
 */
public record TemplateData(
    String zone,
    String name,
    String regex,
    List<String> match,
    Map<String, String> group,
    String qclass,
    String qtype,
    String remote) {}
