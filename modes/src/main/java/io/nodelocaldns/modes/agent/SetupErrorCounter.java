package io.nodelocaldns.modes.agent;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nodelocaldns.modes.node.SetupErrors;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link SetupErrors} kept in memory from the first moment (templating counts before the runtime
 * and its registry exist) and exported, once bound, as {@code
 * coredns_nodecache_setup_errors_total{errortype}} with every errortype present from 0.
 */
public final class SetupErrorCounter implements SetupErrors {
  /**
   * Micrometer's name; the Prometheus registry writes {@code coredns_nodecache_setup_errors_total}.
   */
  public static final String METER = "coredns.nodecache.setup.errors";

  public static final String TAG = "errortype";

  private final Map<Type, AtomicLong> counts = new EnumMap<>(Type.class);

  public SetupErrorCounter() {
    for (Type type : Type.values()) {
      counts.put(type, new AtomicLong());
    }
  }

  @Override
  public void count(Type type) {
    counts.get(type).incrementAndGet();
  }

  /** The count of {@code type} so far. */
  public long get(Type type) {
    return counts.get(type).get();
  }

  /** Exports every errortype in {@code registry}. */
  public void bindTo(MeterRegistry registry) {
    counts.forEach(
        (type, count) ->
            FunctionCounter.builder(METER, count, AtomicLong::get)
                .description("The number of errors during periodic network setup for node-cache")
                .tag(TAG, type.label())
                .register(registry));
  }
}
