package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.churnstream.common.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SettingsTest {

    @TempDir
    Path checkout;

    private Settings parse(String... args) throws Exception {
        Files.createDirectories(checkout.resolve("scripts"));
        RunCommand command = new RunCommand();
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = checkout.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        new CommandLine(command).parseArgs(all);
        return command.options.settings();
    }

    @Test
    void theConsumersDefaultJvmOptionsAreTheScripts() throws Exception {
        String lib = Files.readString(Path.of("..", "scripts", "lib.sh"));
        assertThat(lib).contains("CONSUMER_JVM_OPTS=\"${CONSUMER_JVM_OPTS:-" + BenchOptions.SCRIPTS_CONSUMER_JVM_OPTS + "}\"");
    }

    @Test
    void theBrokersDefaultJvmOptionsAreTheScripts() throws Exception {
        String lib = Files.readString(Path.of("..", "scripts", "lib.sh"));
        assertThat(lib).contains("BROKER_JVM_OPTS=\"${BROKER_JVM_OPTS:-" + BenchOptions.SCRIPTS_BROKER_JVM_OPTS + "}\"");
        assertThat(Files.readString(Path.of("..", "scripts", "start-broker.sh"))).contains("\"$JAVA\" $BROKER_JVM_OPTS -jar");
    }

    @Test
    void consumerRunsPassTheJvmFilesBesideTheJarAsTheScriptsDo() throws Exception {
        Files.createDirectories(checkout.resolve("scripts"));
        Files.copy(Path.of("..", "scripts", "lib.sh"), checkout.resolve("scripts/lib.sh"));
        Path jar = Files.createDirectories(checkout.resolve("consumer/target")).resolve("consumer.jar");
        List<String> defaults = List.of(BenchOptions.SCRIPTS_CONSUMER_JVM_OPTS.split(" "));
        assertThat(Tools.besideJar(jar)).isEmpty();
        assertThat(scriptsConsumerJvm()).isEqualTo(defaults);

        Files.writeString(jar.resolveSibling("consumer.jsa"), "archive");
        Files.writeString(jar.resolveSibling("compiler-directives.json"), "[]");
        assertThat(Tools.besideJar(jar)).contains("-XX:SharedArchiveFile=" + jar.resolveSibling("consumer.jsa"),
                "-XX:CompilerDirectivesFile=" + jar.resolveSibling("compiler-directives.json"));
        List<String> both = new ArrayList<>(defaults);
        both.addAll(Tools.besideJar(jar));
        assertThat(scriptsConsumerJvm()).isEqualTo(both);
    }

    /** CONSUMER_JVM as the checkout's scripts/lib.sh sets it. */
    private List<String> scriptsConsumerJvm() throws Exception {
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", "source \"$1\" && printf '%s\\n' \"${CONSUMER_JVM[@]}\"",
                "lib", checkout.resolve("scripts/lib.sh").toString()).redirectErrorStream(true);
        bash.environment().remove("CONSUMER_JVM_OPTS");
        Process process = bash.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        String real = checkout.toRealPath().toString();
        return printed.lines().map(l -> l.replace(real, checkout.toString())).toList();
    }

    @Test
    void sectionsRunInTheirFixedOrderWhateverTheListSays() {
        assertThat(Section.parse("latency, producer")).containsExactly(Section.PRODUCER, Section.LATENCY);
    }

    @Test
    void theDefaultSectionsAreEveryOneWithATarget() {
        assertThat(Section.parse(Section.DEFAULT)).containsExactly(Section.PRODUCER, Section.SCORING, Section.CONSUMER,
                Section.LATENCY);
    }

    @Test
    void anUnknownSectionIsAUsageErrorNamingTheChoices() {
        assertThatThrownBy(() -> Section.parse("producer,latncy"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown section 'latncy' in SECTIONS: choose from producer,scoring,consumer,swap,latency,scaling,cluster");
        assertThatThrownBy(() -> Section.parse(" , ")).isInstanceOf(UsageException.class);
    }

    @Test
    void flagsOverrideTheDefaultsAndTheWarmUpDefaultsToAFifthOfTheRows() throws Exception {
        Settings s = parse("--rows", "20000", "--runs", "1", "--sections", "producer,scaling", "--port", "25092",
                "--latency-rates", "20  1000", "--consumer-args", " --scoring-threads 2 ");
        assertThat(s.rows()).isEqualTo(20_000);
        assertThat(s.warmupRows()).isEqualTo(4_000);
        assertThat(s.sections()).containsExactly(Section.PRODUCER, Section.SCALING);
        assertThat(s.port()).isEqualTo(25092);
        assertThat(s.clusterNodes()).as("no cluster unless asked for").isZero();
        assertThat(s.latencyRates()).containsExactly(20, 1000);
        assertThat(s.consumerArgs()).containsExactly("--scoring-threads", "2");
        assertThat(s.consumerJar()).isEqualTo(checkout.toAbsolutePath().resolve("consumer/target/consumer.jar"));
    }

    @Test
    void clusterAddsTheClusterSectionOnThatManyNodesAfterTheSinglePortsOfTheBroker() throws Exception {
        Settings s = parse("--cluster", "5", "--sections", "producer", "--port", "25000");
        assertThat(s.sections()).containsExactly(Section.PRODUCER, Section.CLUSTER);
        assertThat(s.clusterNodes()).isEqualTo(5);
        assertThat(s.clusterPort()).isEqualTo(25002);
    }

    @Test
    void theClusterSectionAloneRunsOnThreeNodes() throws Exception {
        Settings s = parse("--sections", "cluster");
        assertThat(s.sections()).containsExactly(Section.CLUSTER);
        assertThat(s.clusterNodes()).isEqualTo(ClusterSection.REPLICAS);
    }

    @Test
    void aClusterTooSmallForThreeReplicasOrPastTheLastPortIsAUsageError() {
        assertThatThrownBy(() -> parse("--cluster", "2")).isInstanceOf(UsageException.class)
                .hasMessage("CLUSTER must be 0 (no cluster) or at least 3 nodes, for topics of 3 replicas; got 2");
        assertThatThrownBy(() -> parse("--cluster", "-1")).isInstanceOf(UsageException.class).hasMessageContaining("CLUSTER");
        assertThatThrownBy(() -> parse("--cluster", "3", "--port", "65530")).isInstanceOf(UsageException.class)
                .hasMessageContaining("BENCH_PORT");
        assertThatCode(() -> parse("--cluster", "3", "--port", "65528")).doesNotThrowAnyException();
    }

    @Test
    void aZeroWarmUpIsAllowed() throws Exception {
        assertThat(parse("--warmup-rows", "0").warmupRows()).isZero();
    }

    @Test
    void impossibleSettingsAreUsageErrorsNamingTheVariable() {
        assertThatThrownBy(() -> parse("--rows", "0")).isInstanceOf(UsageException.class).hasMessageContaining("ROWS");
        assertThatThrownBy(() -> parse("--port", "80")).isInstanceOf(UsageException.class).hasMessageContaining("BENCH_PORT");
        assertThatThrownBy(() -> parse("--latency-rates", "1000 fast")).isInstanceOf(UsageException.class)
                .hasMessageContaining("LATENCY_RATES");
        assertThatThrownBy(() -> parse("--warmup-rows", "-1")).isInstanceOf(UsageException.class)
                .hasMessageContaining("WARMUP_ROWS");
    }

    @Test
    void aDirectoryWithoutScriptsIsNotACheckout(@TempDir Path elsewhere) {
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs("--root", elsewhere.toString());
        assertThatThrownBy(() -> command.options.settings()).isInstanceOf(UsageException.class)
                .hasMessageContaining("not a churnstream checkout");
    }

    @Test
    void onlyTheDefaultSizeRunsAndSectionsMakeAFullRun() {
        assertThat(Fakes.full().full()).isTrue();
        assertThat(Fakes.settings(20_000, 3, Fakes.full().sections()).full()).isFalse();
        assertThat(Fakes.settings(1_000_000, 1, Fakes.full().sections()).full()).isFalse();
        assertThat(Fakes.settings(1_000_000, 3, EnumSet.of(Section.PRODUCER)).full()).isFalse();
        EnumSet<Section> withCluster = EnumSet.copyOf(Fakes.full().sections());
        withCluster.add(Section.CLUSTER);
        assertThat(Fakes.settings(1_000_000, 3, withCluster).full()).as("a cluster adds its own runs").isFalse();
    }

    @Test
    void wordsSplitAsTheShellSplitsAnUnquotedVariable() {
        assertThat(BenchOptions.words("  -wi 2   -f 1 ")).containsExactly("-wi", "2", "-f", "1");
        assertThat(BenchOptions.words("")).isEmpty();
    }
}
