package io.nodelocaldns.runtime.testing;

import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.QueryDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import org.xbill.DNS.Message;
import org.xbill.DNS.TextParseException;

/** Client queries and requests as the runtime sees them, built with dnsjava. */
public final class TestQueries {
  /** The address requests claim to come from; nothing is sent there. */
  public static final InetSocketAddress CLIENT = FreePorts.loopback(40000);

  /** The listener address requests claim to arrive on. */
  public static final InetSocketAddress SERVER = FreePorts.loopback(53);

  private TestQueries() {}

  /** {@code name} {@code type} IN with RD, EDNS (1232) and a random ID, decoded. */
  public static DnsQuery query(String name, int type) {
    try {
      return decode(DnsClient.newQuery(name, type));
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** {@code message} as the runtime's decoder sees it; it must be a valid query. */
  public static DnsQuery decode(Message message) {
    return decode(message.toWire());
  }

  public static DnsQuery decode(byte[] wire) {
    QueryDecoder.Result result = QueryDecoder.decode(wire);
    if (result instanceof QueryDecoder.Valid valid) {
      return valid.query();
    }
    throw new IllegalArgumentException("not a valid query: " + result);
  }

  /** {@code query} arriving now over {@code transport}. */
  public static Request request(DnsQuery query, Transport transport) {
    return new Request(query, transport, CLIENT, SERVER, System.nanoTime());
  }

  /** Parses a response. */
  public static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
