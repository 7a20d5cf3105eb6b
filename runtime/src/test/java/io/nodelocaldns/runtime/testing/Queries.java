package io.nodelocaldns.runtime.testing;

import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.QueryDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** Builds decoded queries and requests for handler tests. */
public final class Queries {
  private Queries() {}

  public static DnsQuery decode(Message message) {
    QueryDecoder.Result result = QueryDecoder.decode(message.toWire());
    if (result instanceof QueryDecoder.Valid valid) {
      return valid.query();
    }
    throw new IllegalArgumentException("not a valid query: " + result);
  }

  public static DnsQuery query(String name, int type) {
    try {
      return decode(Message.newQuery(Record.newRecord(Name.fromString(name), type, 1)));
    } catch (TextParseException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Request request(DnsQuery query) {
    return new Request(query, Transport.UDP, new InetSocketAddress("127.0.0.1", 40000),
        new InetSocketAddress("127.0.0.1", 53), System.nanoTime());
  }

  public static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
