package io.churnstream.model.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.DriftWindow;

/**
 * What drift monitoring costs the consumer: adding one scored record to a full window of the default size (the
 * oldest is evicted), and computing every input's and the score's PSI, as one Prometheus scrape does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class DriftBenchmark {

    private static final int POOL = 1024;

    /** A full window and a pool of scored customers, half of the training-like population and half shifted. */
    @State(Scope.Thread)
    public static class Window {
        DriftWindow window;
        CustomerRecord[] customers = new CustomerRecord[POOL];
        double[] probabilities = new double[POOL];
        int next;

        @Setup
        public void fill() throws Exception {
            ChurnModel model = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD);
            SyntheticCustomers normal = new SyntheticCustomers(42);
            SyntheticCustomers shifted = new SyntheticCustomers(43, SyntheticCustomers.Profile.SHIFTED);
            for (int i = 0; i < POOL; i++) {
                customers[i] = i % 2 == 0 ? normal.next() : shifted.next();
                probabilities[i] = model.score(customers[i]).probability();
            }
            window = new DriftWindow(model.referenceProfile().orElseThrow(), DriftWindow.DEFAULT_CAPACITY);
            for (int i = 0; i < DriftWindow.DEFAULT_CAPACITY; i++) {
                window.record(customers[i & (POOL - 1)], probabilities[i & (POOL - 1)]);
            }
        }
    }

    @Benchmark
    public int record(Window w) {
        int i = w.next++ & (POOL - 1);
        w.window.record(w.customers[i], w.probabilities[i]);
        return i;
    }

    @Benchmark
    public double scrape(Window w) {
        Map<String, Double> features = w.window.featurePsi();
        return features.size() + w.window.scorePsi();
    }
}
