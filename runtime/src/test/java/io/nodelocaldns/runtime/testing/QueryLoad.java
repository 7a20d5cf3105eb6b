package io.nodelocaldns.runtime.testing;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Clients that query without pause, one thread over UDP and one over TCP, and count: every answer
 * that is not NOERROR, and every query with no answer, is a failure (with the reason kept).
 */
public final class QueryLoad implements AutoCloseable {
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicLong answered = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;

  private QueryLoad() {}

  /** Starts querying {@code names} (A) at {@code server}, round robin, over UDP and TCP. */
  public static QueryLoad start(InetSocketAddress server, List<String> names) {
    QueryLoad load = new QueryLoad();
    load.spawn("udp", DnsClient.udp(server), names);
    load.spawn("tcp", DnsClient.tcp(server), names);
    return load;
  }

  private void spawn(String label, DnsClient client, List<String> names) {
    threads.add(
        Thread.ofPlatform()
            .daemon()
            .name("load-" + label)
            .start(
                () -> {
                  for (int i = 0; running; i++) {
                    String name = names.get(i % names.size());
                    try {
                      Message answer = client.query(name, Type.A);
                      if (answer.getRcode() == Rcode.NOERROR) {
                        answered.incrementAndGet();
                      } else {
                        failures.add(label + " " + name + ": " + Rcode.string(answer.getRcode()));
                      }
                    } catch (Exception e) {
                      failures.add(label + " " + name + ": " + e);
                    }
                  }
                }));
  }

  /** Queries answered with NOERROR so far. */
  public long answered() {
    return answered.get();
  }

  /** What went wrong so far, one line per failed query. */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** Stops the clients once their current query is done. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(DnsClient.DEFAULT_TIMEOUT.multipliedBy(2));
    }
  }
}
