package io.constellation.common.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the Prometheus registry a service publishes on {@code /metrics}.
 *
 * <p>One registry per service object (never the global one), so several services in one
 * JVM (the demo, the integration tests) keep their meters apart. Every meter carries the
 * tag {@code service}; tag keys are rewritten to snake_case because libraries such as
 * Micrometer's gRPC interceptors use camelCase keys ({@code methodType}), which
 * {@code promtool check metrics} rejects. Two of Micrometer's process meters fail that lint
 * too and are published under Prometheus-style names instead: the process CPU time as
 * {@code process_cpu_seconds_total} (Micrometer's is {@code process_cpu_time_ns_total}) and
 * the processor count as {@code system_cpus} (Micrometer's {@code system_cpu_count} reads as
 * a summary's count).
 */
public final class ServiceMetrics {

    /** Tag naming the service that owns a meter: bounded, one value per deployable. */
    public static final String TAG_SERVICE = "service";

    /** Micrometer's name of the process CPU time meter, published in nanoseconds. */
    static final String MICROMETER_PROCESS_CPU_TIME = "process.cpu.time";

    /** Micrometer's name of the processor count gauge. */
    static final String MICROMETER_CPU_COUNT = "system.cpu.count";

    /** Process CPU time in seconds: {@code process_cpu_seconds_total}, the Prometheus clients' name. */
    static final String PROCESS_CPU = "process.cpu";

    /** Processors available to the JVM: {@code system_cpus}. */
    static final String CPUS = "system.cpus";

    private ServiceMetrics() {
    }

    /**
     * A registry with JVM and process meters bound, every meter tagged with
     * {@code service=serviceName}.
     */
    public static PrometheusMeterRegistry create(String serviceName) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config()
                .meterFilter(SNAKE_CASE_TAG_KEYS)
                .meterFilter(MeterFilter.denyNameStartsWith(MICROMETER_PROCESS_CPU_TIME))
                .meterFilter(RENAME_CPU_COUNT)
                .commonTags(TAG_SERVICE, serviceName);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        bindProcessCpuSeconds(registry);
        return registry;
    }

    private static void bindProcessCpuSeconds(PrometheusMeterRegistry registry) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder(PROCESS_CPU, os, b -> b.getProcessCpuTime() / 1e9)
                    .baseUnit("seconds")
                    .description("CPU time used by the Java virtual machine process")
                    .register(registry);
        }
    }

    /** {@code statusCode} to {@code status_code}; keys already in snake_case pass unchanged. */
    static String snakeCase(String key) {
        StringBuilder b = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                if (b.length() > 0) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c == '.' || c == '-' ? '_' : c);
            }
        }
        return b.toString();
    }

    private static final MeterFilter RENAME_CPU_COUNT = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            return id.getName().equals(MICROMETER_CPU_COUNT) ? id.withName(CPUS) : id;
        }
    };

    private static final MeterFilter SNAKE_CASE_TAG_KEYS = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            List<Tag> tags = new ArrayList<>();
            boolean changed = false;
            for (Tag tag : id.getTagsAsIterable()) {
                String key = snakeCase(tag.getKey());
                changed |= !key.equals(tag.getKey());
                tags.add(Tag.of(key, tag.getValue()));
            }
            return changed ? id.replaceTags(Tags.of(tags)) : id;
        }
    };
}
