package io.nodelocaldns.runtime.prometheus;

import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process series every Go exporter has ({@code process_cpu_seconds_total}, {@code
 * process_resident_memory_bytes}, {@code process_open_fds}, {@code process_max_fds}), which CoreDNS
 * dashboards chart for CPU and memory. Micrometer's own binders name these differently.
 */
final class ProcessMetrics implements MeterBinder {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final String RSS_FIELD = "VmRSS:";
  private static final double NANOS_PER_SECOND = 1e9;
  private static final double BYTES_PER_KIB = 1024;

  @Override
  public void bindTo(MeterRegistry registry) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof UnixOperatingSystemMXBean sun && sun.getProcessCpuTime() >= 0) {
      FunctionCounter.builder(
              "process.cpu", sun, bean -> bean.getProcessCpuTime() / NANOS_PER_SECOND)
          .description("CPU time the process used, user and system, in seconds")
          .baseUnit("seconds")
          .register(registry);
    }
    if (os instanceof UnixOperatingSystemMXBean unix) {
      Gauge.builder("process.open.fds", unix, UnixOperatingSystemMXBean::getOpenFileDescriptorCount)
          .description("Open file descriptors")
          .register(registry);
      Gauge.builder("process.max.fds", unix, UnixOperatingSystemMXBean::getMaxFileDescriptorCount)
          .description("The most file descriptors the process may open")
          .register(registry);
    }
    if (!Double.isNaN(residentBytes())) {
      Gauge.builder("process.resident.memory", ProcessMetrics::residentBytes)
          .description("Resident memory of the process in bytes")
          .baseUnit("bytes")
          .register(registry);
    }
  }

  /** VmRSS from /proc (Linux); NaN where there is none. */
  private static double residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(RSS_FIELD)) {
          String kib = line.substring(RSS_FIELD.length()).trim().split("\\s+")[0];
          return Long.parseLong(kib) * BYTES_PER_KIB;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc not mounted
    }
    return Double.NaN;
  }
}
