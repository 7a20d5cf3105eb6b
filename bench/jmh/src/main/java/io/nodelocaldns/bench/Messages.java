package io.nodelocaldns.bench;

import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.QueryDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Realistic messages for the benchmarks, built with dnsjava as a pod's resolver would send them.
 */
final class Messages {
  /** A cluster name as pods ask for it. */
  static final String NAME = "kubernetes.default.svc.cluster.local.";

  /** The same name in another letter case, as a 0x20-randomising client spells it. */
  static final String MIXED_CASE_NAME = "KuberNetes.DEFAULT.svc.Cluster.LOCAL.";

  /** The UDP payload size glibc and most stub resolvers advertise with EDNS. */
  static final int CLIENT_UDP_SIZE = 1232;

  private static final InetSocketAddress CLIENT = new InetSocketAddress(loopback(), 40000);
  private static final InetSocketAddress SERVER = new InetSocketAddress(loopback(), 53);

  private Messages() {}

  /** An A query for {@code name} with RD, the given ID and, when {@code edns}, an OPT of 1232. */
  static byte[] query(String name, int id, boolean edns) {
    Message message = Message.newQuery(Record.newRecord(name(name), Type.A, DClass.IN));
    message.getHeader().setID(id);
    if (edns) {
      message.addRecord(new OPTRecord(CLIENT_UDP_SIZE, 0, 0, 0), Section.ADDITIONAL);
    }
    return message.toWire();
  }

  /** {@code query} as the runtime's decoder sees it. */
  static DnsQuery decode(byte[] wire) {
    if (QueryDecoder.decode(wire) instanceof QueryDecoder.Valid valid) {
      return valid.query();
    }
    throw new IllegalStateException("not a valid query");
  }

  /** {@code query} arriving over UDP. */
  static Request request(DnsQuery query) {
    return new Request(query, Transport.UDP, CLIENT, SERVER, System.nanoTime());
  }

  /**
   * An upstream's answer to {@code query}: {@code records} A records with TTL 30 and, when {@code
   * edns}, the upstream's OPT record.
   */
  static byte[] answer(byte[] query, int records, boolean edns) {
    try {
      Message request = new Message(query);
      Message response = new Message(request.getHeader().getID());
      response.getHeader().setFlag(Flags.QR);
      response.getHeader().setFlag(Flags.RD);
      response.getHeader().setFlag(Flags.RA);
      response.getHeader().setFlag(Flags.AA);
      Record question = request.getQuestion();
      response.addRecord(question, Section.QUESTION);
      for (int i = 0; i < records; i++) {
        InetAddress address =
            InetAddress.getByAddress(new byte[] {10, 96, (byte) (i >>> 8), (byte) (i + 1)});
        response.addRecord(new ARecord(question.getName(), DClass.IN, 30, address), Section.ANSWER);
      }
      if (edns) {
        response.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
      }
      return response.toWire();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Name name(String name) {
    try {
      return Name.fromString(name);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(name, e);
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
