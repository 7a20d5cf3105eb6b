package io.nodelocaldns.runtime.cache;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.UnaryOperator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * UpstreamAnswers answers built with dnsjava, as the forward handler would hand them back: the
 * client's ID and question, and an OPT record when the client sent one.
 */
final class UpstreamAnswers {
  private static final int OUR_UDP_SIZE = 1232;
  private static final long SERIAL = 2025010101;

  private UpstreamAnswers() {}

  /** A reply header and question for {@code query}, with {@code rcode} and no records. */
  static Message reply(Message query, int rcode) {
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.RA);
    if (query.getHeader().getFlag(Flags.RD)) {
      reply.getHeader().setFlag(Flags.RD);
    }
    reply.getHeader().setRcode(rcode);
    reply.addRecord(query.getQuestion(), Section.QUESTION);
    OPTRecord opt = query.getOPT();
    if (opt != null) {
      int flags = opt.getFlags() & ExtendedFlags.DO;
      reply.addRecord(new OPTRecord(OUR_UDP_SIZE, 0, 0, flags), Section.ADDITIONAL);
    }
    return reply;
  }

  /** NOERROR with one A record for the question name. */
  static UnaryOperator<Message> a(String address, long ttl) {
    return query -> {
      Message reply = reply(query, Rcode.NOERROR);
      reply.addRecord(new ARecord(qname(query), DClass.IN, ttl, ip(address)), Section.ANSWER);
      return reply;
    };
  }

  /** NOERROR with an A and an AAAA record of different TTLs (the smaller one counts). */
  static UnaryOperator<Message> aAndAaaa(long aTtl, long aaaaTtl) {
    return query -> {
      Message reply = reply(query, Rcode.NOERROR);
      reply.addRecord(new ARecord(qname(query), DClass.IN, aTtl, ip("192.0.2.1")), Section.ANSWER);
      reply.addRecord(
          new AAAARecord(qname(query), DClass.IN, aaaaTtl, ip("2001:db8::1")), Section.ADDITIONAL);
      return reply;
    };
  }

  /** NOERROR, no answer, an NS referral in authority. */
  static UnaryOperator<Message> delegation(long ttl) {
    return query -> {
      Message reply = reply(query, Rcode.NOERROR);
      reply.addRecord(
          new NSRecord(qname(query), DClass.IN, ttl, TestQueries.name("ns1.example.net.")),
          Section.AUTHORITY);
      return reply;
    };
  }

  /** NXDOMAIN with the zone's SOA in authority. */
  static UnaryOperator<Message> nxdomain(long soaTtl, long minimum) {
    return query -> withSoa(reply(query, Rcode.NXDOMAIN), soaTtl, minimum);
  }

  /** NXDOMAIN without SOA, as dnsmasq sends it. */
  static UnaryOperator<Message> nxdomainWithoutSoa() {
    return query -> reply(query, Rcode.NXDOMAIN);
  }

  /** NOERROR without answers, the SOA in authority: the name exists, not with this type. */
  static UnaryOperator<Message> noData(long soaTtl, long minimum) {
    return query -> withSoa(reply(query, Rcode.NOERROR), soaTtl, minimum);
  }

  /** An empty response with {@code rcode}. */
  static UnaryOperator<Message> rcode(int rcode) {
    return query -> reply(query, rcode);
  }

  /** An A answer with TC set, as a UDP upstream cuts a large answer. */
  static UnaryOperator<Message> truncated() {
    return query -> {
      Message reply = a("192.0.2.1", 300).apply(query);
      reply.getHeader().setFlag(Flags.TC);
      return reply;
    };
  }

  /** {@code answer} with the AD bit set, as a validating upstream marks it. */
  static UnaryOperator<Message> authenticated(UnaryOperator<Message> answer) {
    return query -> {
      Message reply = answer.apply(query);
      reply.getHeader().setFlag(Flags.AD);
      return reply;
    };
  }

  private static Message withSoa(Message reply, long soaTtl, long minimum) {
    Name zone = TestQueries.name("example.com.");
    reply.addRecord(
        new SOARecord(
            zone,
            DClass.IN,
            soaTtl,
            TestQueries.name("ns1.example.com."),
            TestQueries.name("hostmaster.example.com."),
            SERIAL,
            3600,
            600,
            86400,
            minimum),
        Section.AUTHORITY);
    return reply;
  }

  private static Name qname(Message query) {
    Record question = query.getQuestion();
    return question.getName();
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
