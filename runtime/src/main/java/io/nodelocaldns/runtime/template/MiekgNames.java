package io.nodelocaldns.runtime.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Classes, types and rcodes by the names miekg/dns (and so CoreDNS) gives them: its {@code
 * ClassToString}, {@code TypeToString} and {@code RcodeToString} maps. CoreDNS reads a template's
 * CLASS, TYPE and {@code rcode} by these exact, upper-case names, and writes {@code .Class} and
 * {@code .Type} with them.
 */
final class MiekgNames {
  private static final Map<Integer, String> CLASSES =
      Map.of(1, "IN", 2, "CS", 3, "CH", 4, "HS", 254, "NONE", 255, "ANY");

  private static final Map<Integer, String> TYPES =
      Map.ofEntries(
          Map.entry(0, "None"),
          Map.entry(1, "A"),
          Map.entry(2, "NS"),
          Map.entry(3, "MD"),
          Map.entry(4, "MF"),
          Map.entry(5, "CNAME"),
          Map.entry(6, "SOA"),
          Map.entry(7, "MB"),
          Map.entry(8, "MG"),
          Map.entry(9, "MR"),
          Map.entry(10, "NULL"),
          Map.entry(12, "PTR"),
          Map.entry(13, "HINFO"),
          Map.entry(14, "MINFO"),
          Map.entry(15, "MX"),
          Map.entry(16, "TXT"),
          Map.entry(17, "RP"),
          Map.entry(18, "AFSDB"),
          Map.entry(19, "X25"),
          Map.entry(20, "ISDN"),
          Map.entry(21, "RT"),
          Map.entry(23, "NSAP-PTR"),
          Map.entry(24, "SIG"),
          Map.entry(25, "KEY"),
          Map.entry(26, "PX"),
          Map.entry(27, "GPOS"),
          Map.entry(28, "AAAA"),
          Map.entry(29, "LOC"),
          Map.entry(30, "NXT"),
          Map.entry(31, "EID"),
          Map.entry(32, "NIMLOC"),
          Map.entry(33, "SRV"),
          Map.entry(34, "ATMA"),
          Map.entry(35, "NAPTR"),
          Map.entry(36, "KX"),
          Map.entry(37, "CERT"),
          Map.entry(39, "DNAME"),
          Map.entry(41, "OPT"),
          Map.entry(42, "APL"),
          Map.entry(43, "DS"),
          Map.entry(44, "SSHFP"),
          Map.entry(45, "IPSECKEY"),
          Map.entry(46, "RRSIG"),
          Map.entry(47, "NSEC"),
          Map.entry(48, "DNSKEY"),
          Map.entry(49, "DHCID"),
          Map.entry(50, "NSEC3"),
          Map.entry(51, "NSEC3PARAM"),
          Map.entry(52, "TLSA"),
          Map.entry(53, "SMIMEA"),
          Map.entry(55, "HIP"),
          Map.entry(56, "NINFO"),
          Map.entry(57, "RKEY"),
          Map.entry(58, "TALINK"),
          Map.entry(59, "CDS"),
          Map.entry(60, "CDNSKEY"),
          Map.entry(61, "OPENPGPKEY"),
          Map.entry(62, "CSYNC"),
          Map.entry(63, "ZONEMD"),
          Map.entry(64, "SVCB"),
          Map.entry(65, "HTTPS"),
          Map.entry(99, "SPF"),
          Map.entry(100, "UINFO"),
          Map.entry(101, "UID"),
          Map.entry(102, "GID"),
          Map.entry(103, "UNSPEC"),
          Map.entry(104, "NID"),
          Map.entry(105, "L32"),
          Map.entry(106, "L64"),
          Map.entry(107, "LP"),
          Map.entry(108, "EUI48"),
          Map.entry(109, "EUI64"),
          Map.entry(128, "NXNAME"),
          Map.entry(249, "TKEY"),
          Map.entry(250, "TSIG"),
          Map.entry(251, "IXFR"),
          Map.entry(252, "AXFR"),
          Map.entry(253, "MAILB"),
          Map.entry(254, "MAILA"),
          Map.entry(255, "ANY"),
          Map.entry(256, "URI"),
          Map.entry(257, "CAA"),
          Map.entry(258, "AVC"),
          Map.entry(260, "AMTRELAY"),
          Map.entry(261, "RESINFO"),
          Map.entry(32768, "TA"),
          Map.entry(32769, "DLV"),
          Map.entry(65535, "Reserved"));

  /** The rcodes a template may answer with: the header's four bits. */
  private static final Map<Integer, String> RCODES =
      Map.ofEntries(
          Map.entry(0, "NOERROR"),
          Map.entry(1, "FORMERR"),
          Map.entry(2, "SERVFAIL"),
          Map.entry(3, "NXDOMAIN"),
          Map.entry(4, "NOTIMP"),
          Map.entry(5, "REFUSED"),
          Map.entry(6, "YXDOMAIN"),
          Map.entry(7, "YXRRSET"),
          Map.entry(8, "NXRRSET"),
          Map.entry(9, "NOTAUTH"),
          Map.entry(10, "NOTZONE"),
          Map.entry(11, "DSOTYPENI"));

  /** The extended rcodes miekg/dns names, which need EDNS to be sent. */
  static final List<String> EXTENDED_RCODES =
      List.of(
          "BADSIG", "BADKEY", "BADTIME", "BADMODE", "BADNAME", "BADALG", "BADTRUNC", "BADCOOKIE");

  private static final Map<String, Integer> CLASS_VALUES = reverse(CLASSES);
  private static final Map<String, Integer> TYPE_VALUES = reverse(TYPES);
  private static final Map<String, Integer> RCODE_VALUES = rcodeValues();

  private MiekgNames() {}

  /** {@code dns.ClassToString[c]}: "" for a class it does not name. */
  static String className(int dclass) {
    return CLASSES.getOrDefault(dclass, "");
  }

  /** {@code dns.TypeToString[t]}: "" for a type it does not name. */
  static String typeName(int type) {
    return TYPES.getOrDefault(type, "");
  }

  /** {@code dns.StringToClass[name]}: exact names only. */
  static Optional<Integer> classValue(String name) {
    return Optional.ofNullable(CLASS_VALUES.get(name));
  }

  /** {@code dns.StringToType[name]}: exact names only. */
  static Optional<Integer> typeValue(String name) {
    return Optional.ofNullable(TYPE_VALUES.get(name));
  }

  /** {@code dns.StringToRcode[name]} for the four-bit rcodes, with miekg's alias NOTIMPL. */
  static Optional<Integer> rcodeValue(String name) {
    return Optional.ofNullable(RCODE_VALUES.get(name));
  }

  private static Map<String, Integer> reverse(Map<Integer, String> names) {
    Map<String, Integer> values = new HashMap<>();
    names.forEach((value, name) -> values.put(name, value));
    return Map.copyOf(values);
  }

  private static Map<String, Integer> rcodeValues() {
    Map<String, Integer> values = new HashMap<>(reverse(RCODES));
    values.put("NOTIMPL", 4); // miekg/dns keeps an old spelling
    return Map.copyOf(values);
  }
}
