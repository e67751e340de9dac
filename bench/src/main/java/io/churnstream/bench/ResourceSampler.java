package io.churnstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Samples a process's memory and CPU time from {@code /proc} every 200 ms until it ends: peak RSS is the kernel's
 * high-water mark (VmHWM), CPU time is user + system up to the last sample (so at most 200 ms short).
 */
final class ResourceSampler implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 200;
    /** /proc/PID/stat counts CPU time in USER_HZ, which Linux fixes at 100 for user space. */
    static final double TICKS_PER_SECOND = 100;

    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    private ResourceSampler(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long start = System.currentTimeMillis();
        thread = new Thread(() -> {
            while (!stopped) {
                try {
                    Sample s = parse(System.currentTimeMillis() - start, Files.readString(status), Files.readString(stat));
                    if (s != null) {
                        synchronized (samples) {
                            samples.add(s);
                        }
                    }
                    Thread.sleep(INTERVAL_MILLIS);
                } catch (IOException e) {
                    return; // the process has ended
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-sampler-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    static ResourceSampler watch(long pid) {
        return new ResourceSampler(pid);
    }

    /** Stops sampling (if the process has not ended already) and summarises. */
    Usage usage() {
        close();
        synchronized (samples) {
            return summarize(samples);
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One reading: ms since sampling began, VmRSS and VmHWM in kB, CPU ticks (user + system). */
    record Sample(long elapsedMillis, long rssKb, long hwmKb, long cpuTicks) {
    }

    /** A sample from the text of /proc/PID/status and /proc/PID/stat, or null when they lack the fields (a zombie). */
    static Sample parse(long elapsedMillis, String status, String stat) {
        long rss = -1;
        long hwm = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kilobytes(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kilobytes(line);
            }
        }
        long ticks = cpuTicks(stat);
        if (rss < 0 || hwm < 0 || ticks < 0) {
            return null;
        }
        return new Sample(elapsedMillis, rss, hwm, ticks);
    }

    /** User + system CPU ticks from the text of /proc/PID/stat (or of one thread's), or -1 when it lacks them. */
    static long cpuTicks(String stat) {
        // fields after the command name, which may itself hold spaces and parentheses: state is field 3, utime 14, stime 15
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return fields.length < 13 ? -1 : Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** Peak RSS, the largest resident size in each half of the run (a leak shows as a larger second half), CPU s. */
    record Usage(Double peakMb, Double firstHalfMaxMb, Double secondHalfMaxMb, Double cpuSeconds, int samples) {

        static final Usage NONE = new Usage(null, null, null, null, 0);

        Map<String, Object> toJson() {
            return Figures.obj("peak_mb", peakMb, "first_half_max_mb", firstHalfMaxMb, "second_half_max_mb", secondHalfMaxMb,
                    "cpu_s", cpuSeconds, "samples", samples);
        }
    }

    static Usage summarize(List<Sample> samples) {
        if (samples.isEmpty()) {
            return Usage.NONE;
        }
        double half = samples.get(samples.size() - 1).elapsedMillis() / 2.0;
        long peak = 0;
        long first = 0;
        long second = 0;
        for (Sample s : samples) {
            peak = Math.max(peak, s.hwmKb());
            if (s.elapsedMillis() <= half) {
                first = Math.max(first, s.rssKb());
            } else {
                second = Math.max(second, s.rssKb());
            }
        }
        return new Usage(Figures.round(peak / 1024.0, 1), Figures.round(first / 1024.0, 1), Figures.round(second / 1024.0, 1),
                Figures.round(samples.get(samples.size() - 1).cpuTicks() / TICKS_PER_SECOND, 2), samples.size());
    }
}
