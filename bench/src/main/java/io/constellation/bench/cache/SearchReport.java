package io.constellation.bench.cache;

import io.constellation.bench.gateway.CpuMeter;
import io.constellation.bench.gateway.Histogram;
import io.constellation.proto.search.v1.ServedFrom;
import java.io.PrintStream;
import java.util.Locale;

/** The lines every search benchmark prints: machine, throughput and latency, sources, CPU. Stateless. */
final class SearchReport {

    private SearchReport() {
    }

    /** Processors, load average, Java and heap: what a figure depends on. */
    static void machine(PrintStream out) {
        out.printf(Locale.ROOT, "machine: %d processors, load average %.2f; java %s; this JVM max heap %,d MB%n",
                Runtime.getRuntime().availableProcessors(), CpuMeter.loadAverage(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    }

    static void throughput(SearchDriver d, double seconds, PrintStream out) {
        Histogram h = d.latency();
        out.printf(Locale.ROOT, "searches/s: %,.0f   searches: %,d in %.1f s   errors: %,d%s   wrong answers: %,d%n",
                d.calls() / seconds, d.calls(), seconds, d.errors(),
                d.lastError() == null ? "" : " (last: " + d.lastError() + ")", d.wrongAnswers());
        out.printf(Locale.ROOT, "latency us: p50 %,.0f   p99 %,.0f   p999 %,.0f   max %,.0f   mean %,.0f%n",
                h.percentile(0.50) / 1e3, h.percentile(0.99) / 1e3, h.percentile(0.999) / 1e3, h.max() / 1e3,
                h.mean() / 1e3);
    }

    /** Where the answers of the whole run came from. */
    static void sources(SearchDriver d, PrintStream out) {
        long memory = d.served(ServedFrom.SERVED_FROM_MEMORY);
        long disk = d.served(ServedFrom.SERVED_FROM_DISK);
        long miss = d.served(ServedFrom.SERVED_FROM_MISS);
        long all = memory + disk + miss;
        out.printf(Locale.ROOT, "served from (whole run): memory %,d  disk %,d  miss %,d  -> hit ratio %.4f%n",
                memory, disk, miss, all == 0 ? 0 : (double) (memory + disk) / all);
    }

    /** Client and server CPU per search over the measured window ({@code searches} of them). */
    static void cpu(CpuMeter.Usage cpu, long searches, boolean serversInProcess, double loadBefore, PrintStream out) {
        double per = searches == 0 ? 0 : 1e6 / searches;
        if (serversInProcess) {
            out.printf(Locale.ROOT, "CPU: this JVM (client and servers) %.2f cores = %.0f us per search%n",
                    cpu.selfSeconds() / cpu.wallSeconds(), cpu.selfSeconds() * per);
        } else {
            out.printf(Locale.ROOT, "CPU: client %.2f cores = %.0f us per search; servers %s%n",
                    cpu.selfSeconds() / cpu.wallSeconds(), cpu.selfSeconds() * per,
                    cpu.otherSeconds() < 0 ? "unknown (give --stack-pid)" : String.format(Locale.ROOT,
                            "%.2f cores = %.0f us per search", cpu.otherSeconds() / cpu.wallSeconds(),
                            cpu.otherSeconds() * per));
        }
        out.printf(Locale.ROOT, "machine: other processes busy %.2f cores of %.0f; load average %.2f before, "
                + "%.2f after%n", cpu.othersCores(), cpu.machineCores(), loadBefore, CpuMeter.loadAverage());
        double total = cpu.selfSeconds() + (serversInProcess ? 0 : Math.max(0, cpu.otherSeconds()));
        if (searches > 0 && (serversInProcess || cpu.otherSeconds() >= 0)) {
            out.printf(Locale.ROOT, "CPU per search, client and servers together: %.0f us -> an idle 2-core machine "
                    + "would do about %,.0f searches/s (2 cores / CPU per search)%n", total * per,
                    2e6 / (total * per));
        }
    }
}
