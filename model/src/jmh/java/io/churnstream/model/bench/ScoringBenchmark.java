package io.churnstream.model.bench;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.Score;
import io.churnstream.model.ScoringEngine;
import io.churnstream.model.ScoringException;

/**
 * Scoring with the bundled model, by the compiled scorer (AUTO) and by jpmml-evaluator (JPMML), 1 and 2 threads:
 * single records (throughput in records/s and sampled latency) and per-poll batches of {@value #POLL} records, as
 * the consumer scores a poll (still reported per record).
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 4, time = 2)
public class ScoringBenchmark {

    private static final int POOL = 1024;
    static final int POLL = 500;

    /** One model shared by all benchmark threads, as in the consumer; scored by each engine in turn. */
    @State(Scope.Benchmark)
    public static class Model {
        @Param({"AUTO", "JPMML"})
        ScoringEngine engine;
        ChurnModel model;
        CustomerRecord[] customers;

        @Setup
        public void load() {
            model = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD, engine);
            customers = syntheticCustomers(new Random(42));
        }
    }

    /** Each thread walks the customer pool on its own. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    @Threads(1)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Score score_1_thread(Model m, Cursor c) throws ScoringException {
        return m.model.score(m.customers[c.next++ & (POOL - 1)]);
    }

    @Benchmark
    @Threads(2)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Score score_2_threads(Model m, Cursor c) throws ScoringException {
        return m.model.score(m.customers[c.next++ & (POOL - 1)]);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(POLL)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void poll_500_1_thread(Model m, Cursor c, Blackhole bh) throws ScoringException {
        scorePoll(m, c, bh);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(POLL)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void poll_500_2_threads(Model m, Cursor c, Blackhole bh) throws ScoringException {
        scorePoll(m, c, bh);
    }

    private static void scorePoll(Model m, Cursor c, Blackhole bh) throws ScoringException {
        for (int i = 0; i < POLL; i++) {
            bh.consume(m.model.score(m.customers[c.next++ & (POOL - 1)]));
        }
    }

    static CustomerRecord[] syntheticCustomers(Random rnd) {
        List<String> yesNo = List.of("No", "Yes");
        List<String> addOn = List.of("No", "Yes", "No internet service");
        CustomerRecord[] out = new CustomerRecord[POOL];
        for (int i = 0; i < POOL; i++) {
            int tenure = rnd.nextInt(73);
            double monthly = Math.round((18.25 + rnd.nextDouble() * 100.5) * 100) / 100.0;
            Double total = tenure == 0 ? null : Math.round(tenure * monthly * 100) / 100.0;
            out[i] = CustomerRecord.of(CustomerFields.TELCO, new Object[]{String.format("%04d-BENCH", i), pick(rnd, List.of("Female", "Male")),
                    rnd.nextInt(2), pick(rnd, yesNo), pick(rnd, yesNo), tenure, pick(rnd, yesNo),
                    pick(rnd, List.of("No", "Yes", "No phone service")),
                    pick(rnd, List.of("DSL", "Fiber optic", "No")), pick(rnd, addOn), pick(rnd, addOn),
                    pick(rnd, addOn), pick(rnd, addOn), pick(rnd, addOn), pick(rnd, addOn),
                    pick(rnd, List.of("Month-to-month", "One year", "Two year")), pick(rnd, yesNo),
                    pick(rnd, List.of("Electronic check", "Mailed check", "Bank transfer (automatic)",
                            "Credit card (automatic)")),
                    monthly, total, null, null});
        }
        return out;
    }

    private static String pick(Random rnd, List<String> values) {
        return values.get(rnd.nextInt(values.size()));
    }
}
