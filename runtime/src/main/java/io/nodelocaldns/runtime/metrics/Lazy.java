package io.nodelocaldns.runtime.metrics;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One meter created on first use, as CoreDNS's labelled series appear only once they count
 * something. The supplier may run more than once when threads race; registering is idempotent.
 */
public final class Lazy<T> {
  private final AtomicReference<T> value = new AtomicReference<>();
  private final Supplier<T> create;

  public Lazy(Supplier<T> create) {
    this.create = create;
  }

  public T get() {
    T current = value.get();
    if (current != null) {
      return current;
    }
    T created = create.get();
    return value.compareAndSet(null, created) ? created : value.get();
  }
}
