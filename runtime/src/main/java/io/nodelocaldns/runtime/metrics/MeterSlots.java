package io.nodelocaldns.runtime.metrics;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * A fixed number of meters (or groups of meters) created on first use and kept: label sets are
 * resolved to meters once, then a query's recording is an array read. An index beyond the slots (a
 * rare label value) is created each time; the registry returns the meter it already has.
 *
 * @param <T> what each slot holds
 */
public final class MeterSlots<T> {
  private final AtomicReferenceArray<T> slots;
  private final IntFunction<T> create;

  /**
   * @param size how many slots
   * @param create builds the value of slot {@code i}; may run more than once for a slot when
   *     threads race, so it must be idempotent (registering a meter is)
   */
  public MeterSlots(int size, IntFunction<T> create) {
    this.slots = new AtomicReferenceArray<>(size);
    this.create = create;
  }

  public T get(int index) {
    if (index < 0 || index >= slots.length()) {
      return create.apply(index);
    }
    T value = slots.get(index);
    if (value != null) {
      return value;
    }
    T created = create.apply(index);
    return slots.compareAndSet(index, null, created) ? created : slots.get(index);
  }
}
