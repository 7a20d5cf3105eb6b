package io.nodelocaldns.runtime.cache;

import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A builder over {@link io.nodelocaldns.runtime.testing.TestQueries} for the flags the cache keys
 * on.
 */
final class TestQueries {
  private static final int CLIENT_UDP_SIZE = 1232;

  private final String name;
  private int type = Type.A;
  private int id = 0x1234;
  private boolean edns;
  private boolean dnssecOk;
  private boolean checkingDisabled;
  private boolean authenticData;

  private TestQueries(String name) {
    this.name = name;
  }

  /** An A query for {@code name}, without EDNS. */
  static TestQueries query(String name) {
    return new TestQueries(name);
  }

  /** Shorthand for a plain A query's request. */
  static Request a(String name) {
    return query(name).request();
  }

  TestQueries type(int type) {
    this.type = type;
    return this;
  }

  TestQueries id(int id) {
    this.id = id;
    return this;
  }

  TestQueries edns() {
    edns = true;
    return this;
  }

  /** EDNS with the DO bit. */
  TestQueries dnssecOk() {
    edns = true;
    dnssecOk = true;
    return this;
  }

  TestQueries checkingDisabled() {
    checkingDisabled = true;
    return this;
  }

  TestQueries authenticData() {
    authenticData = true;
    return this;
  }

  Request request() {
    Message message = Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
    message.getHeader().setID(id);
    if (checkingDisabled) {
      message.getHeader().setFlag(Flags.CD);
    }
    if (authenticData) {
      message.getHeader().setFlag(Flags.AD);
    }
    if (edns) {
      int flags = dnssecOk ? ExtendedFlags.DO : 0;
      message.addRecord(new OPTRecord(CLIENT_UDP_SIZE, 0, 0, flags), Section.ADDITIONAL);
    }
    return io.nodelocaldns.runtime.testing.TestQueries.request(
        io.nodelocaldns.runtime.testing.TestQueries.decode(message), Transport.UDP);
  }

  static Name name(String name) {
    try {
      return Name.fromString(name);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(name, e);
    }
  }
}
