package io.churnstream.bench;

import java.util.concurrent.Callable;

import io.churnstream.common.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bench run}: the whole benchmark, as scripts/bench.sh starts it. */
@Command(name = "run", mixinStandardHelpOptions = true, showDefaultValues = false,
        description = {"Benchmarks the pipeline on a private broker (broker.jar on --port, a temporary data directory) and "
            + "writes reports/bench_<UTC>.json plus a Markdown table on stdout. Process output goes to logs/bench/.",
            "Sections: producer (producer.jar batch vs ProducerPerformance), consumer (scoring vs --pass-through, "
                + "at-least-once and --exactly-once, start-up to the first prediction), scoring (JMH, the model alone), "
                + "latency (event_ts to readable prediction at LATENCY_RATES), scaling (1 vs 2 consumers in a group), "
                + "cluster (the producer and consumer ratios on a local cluster, with topics of 3 replicas and of 1).",
            "Each option defaults to the environment variable scripts/bench.sh documents."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:success", "1:a tool failed or timed out",
            "2:bad usage (setting, missing jar, port taken)", "130:stopped by SIGINT/SIGTERM"})
final class RunCommand implements Callable<Integer> {

    @Mixin
    BenchOptions options;

    @Override
    public Integer call() {
        new BenchRun(options.settings()).execute();
        return ExitCodes.OK;
    }
}
