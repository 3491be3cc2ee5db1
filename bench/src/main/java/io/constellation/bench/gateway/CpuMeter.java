package io.constellation.bench.gateway;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this process, of another process on the same machine (a gateway in its own
 * JVM) and of the whole machine, read at the start and end of a measurement. On a machine
 * shared with other people's builds the last one says how much of the CPU the benchmark
 * actually had. Linux only for the other process and the machine ({@code /proc}); elsewhere
 * those read as unknown (-1).
 */
public final class CpuMeter {

    /** Kernel clock ticks per second of /proc times: 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;
    private static final long NANOS_PER_TICK = 1_000_000_000L / TICKS_PER_SECOND;

    private CpuMeter() {
    }

    /** CPU time this JVM has used, in nanoseconds. */
    public static long selfNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time process {@code pid} has used (user + system), in nanoseconds; -1 if unknown. */
    public static long processNanos(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may hold spaces) start at field 3 (state).
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK; // utime, stime
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy and total CPU time of the whole machine, all cores, in nanoseconds; null if unknown. */
    public static long[] machineNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {(total - idle) * NANOS_PER_TICK, total * NANOS_PER_TICK};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The 1-minute load average, or -1. */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** A reading of all three at one moment. */
    public record Reading(long wallNanos, long self, long other, long[] machine) {

        public static Reading now(long otherPid) {
            return new Reading(System.nanoTime(), selfNanos(), processNanos(otherPid), machineNanos());
        }

        /** What happened between {@code start} and this reading. */
        public Usage since(Reading start) {
            double wall = (wallNanos - start.wallNanos) / 1e9;
            double other = this.other < 0 || start.other < 0 ? -1 : (this.other - start.other) / 1e9;
            double busy = -1;
            double machineCores = -1;
            if (machine != null && start.machine != null) {
                long total = machine[1] - start.machine[1];
                busy = (machine[0] - start.machine[0]) / 1e9;
                machineCores = total <= 0 ? -1 : total / 1e9 / wall;
            }
            return new Usage(wall, (self - start.self) / 1e9, other, busy, machineCores);
        }
    }

    /**
     * CPU seconds over a wall-clock interval.
     *
     * @param wallSeconds    the interval
     * @param selfSeconds    this JVM's CPU
     * @param otherSeconds   the other process's CPU, or -1
     * @param machineBusy    all processes' CPU, or -1
     * @param machineCores   cores the machine has (from /proc/stat's totals), or -1
     */
    public record Usage(double wallSeconds, double selfSeconds, double otherSeconds, double machineBusy,
                 double machineCores) {

        /** Busy CPU of processes other than this one and the other one, in cores; -1 if unknown. */
        public double othersCores() {
            if (machineBusy < 0) {
                return -1;
            }
            return Math.max(0, machineBusy - selfSeconds - Math.max(0, otherSeconds)) / wallSeconds;
        }
    }
}
