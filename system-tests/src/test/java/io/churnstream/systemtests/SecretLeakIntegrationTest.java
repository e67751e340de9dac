package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.churnstream.broker.KafkaProcess;
import io.churnstream.common.TestJars;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.systemtests.Invariant.Pipeline;
import io.churnstream.systemtests.JarCommand.Result;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret leaves a run. Every command of both jars runs at {@code -v} with the secured broker's settings files: once
 * to success, then refused for a wrong password and refused by an ACL; the JAAS line also goes in under a key Kafka does
 * not know, loose on the command line where a parse error quotes it, and beside {@code --help}. Then every file the
 * runs wrote (stdout, stderr, logs, run summaries in JSON and HTML, topic samples, a {@code /metrics} and a
 * {@code /health} scrape) is searched for every password and JAAS line of the broker and its users.
 */
@ExtendWith(SecuredBroker.Extension.class)
class SecretLeakIntegrationTest {

    private static final Duration SCRAPE_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    private SecuredBroker broker;

    @Test
    void should_write_no_password_or_jaas_line_anywhere_even_when_verbose(SecuredBroker secured) throws Exception {
        broker = secured;
        Pipeline pipeline = broker.consumerPipeline("leak", true);
        broker.allow(SecuredBroker.PRODUCER, ResourceType.TOPIC, pipeline.input(), AclOperation.WRITE, AclOperation.DESCRIBE);
        broker.audit().send(ConsumerInput.mixed(pipeline.input(), ConsumerInput.customers(40, 3), ConsumerInput.pills(4, 0), 3));
        List<String> consumerFlags = List.of("--input-topic", pipeline.input(), "--output-topic", pipeline.predictions(),
                "--deadletter-topic", pipeline.deadLetters(), "--consumer-group", pipeline.group());
        List<String> topicsFlags = List.of("--raw-topic", pipeline.input(), "--predictions-topic", pipeline.predictions(),
                "--deadletter-topic", pipeline.deadLetters());
        Path wrongPassword = Files.write(dir.resolve("wrong-password.properties"),
                Files.readAllLines(broker.clientFile(SecuredBroker.CONSUMER)).stream()
                        .map(l -> l.replaceAll("password=\"[^\"]*\"", "password=\"not-the-password\"")).toList());
        String jaas = broker.client(SecuredBroker.PRODUCER).getProperty("sasl.jaas.config");

        succeed(JarCommand.PRODUCER_STREAMING, SecuredBroker.PRODUCER, "--topic", pipeline.input());
        succeed(JarCommand.PRODUCER_BATCH, SecuredBroker.PRODUCER, "--topic", pipeline.input(), "--exactly-once",
                "-X", "sasl.jaas.confg=" + jaas);
        succeed(JarCommand.TOPICS_SEND, SecuredBroker.PRODUCER, "--topic", pipeline.input());
        succeed(JarCommand.CONSUMER_BATCH, SecuredBroker.CONSUMER, with(consumerFlags, "--exactly-once", "--max-messages", "20"));
        streamAndScrape(with(consumerFlags, "--kafka-config", broker.clientFile(SecuredBroker.CONSUMER).toString(), "-v"));
        succeed(JarCommand.TOPICS_CREATE, SecuredBroker.CONSUMER, topicsFlags.toArray(String[]::new));
        succeed(JarCommand.TOPICS_DUMP, SecuredBroker.ADMIN, topicsFlags.toArray(String[]::new));

        String consumerFile = broker.clientFile(SecuredBroker.CONSUMER).toString();
        List<Runnable> independent = new ArrayList<>(List.of(
                () -> refused("password", JarCommand.PRODUCER_BATCH, wrongPassword.toString(), "--topic", pipeline.input()),
                () -> refused("password", JarCommand.CONSUMER_BATCH, wrongPassword.toString(), consumerFlags),
                () -> refused("acl", JarCommand.PRODUCER_STREAMING, consumerFile),
                () -> refused("acl", JarCommand.TOPICS_SEND, consumerFile),
                () -> refused("acl", JarCommand.CONSUMER_BATCH, broker.clientFile(SecuredBroker.PRODUCER).toString()),
                () -> misused("stray", "-v", "sasl.jaas.config=" + jaas),
                () -> misused("unquoted", with(List.of("-v", "-X"), ("sasl.jaas.config=" + jaas).split(" ")))));
        for (JarCommand command : JarCommand.values()) {
            independent.add(() -> help(command, jaas));
        }
        runAtOnce(independent);

        List<Path> written = JarCommand.filesUnder(dir).stream()
                .filter(p -> !p.getFileName().toString().endsWith(".properties")).toList();
        assertThat(written).as("files the runs wrote").extracting(p -> kind(p.getFileName().toString())).contains(
                "stdout.txt", "stderr.txt", ".log", "_summary_.json", "_summary_.html", "kafka_raw_sample.json",
                "metrics.txt", "health.json");
        List<String> secrets = broker.secrets();
        assertThat(secrets).as("secrets of the broker and its users").hasSizeGreaterThanOrEqualTo(9);
        for (String secret : secrets) {
            assertThat(inBrokerFiles(secret)).as("the search finds a secret where it is kept").isTrue();
            for (Path file : written) {
                assertThat(JarCommand.read(file)).as("%s holds a secret", file).doesNotContain(secret);
            }
        }
    }

    /** Runs at -v with {@code user}'s settings file and expects exit 0. */
    private void succeed(JarCommand command, String user, String... extra) {
        List<String> args = new ArrayList<>(List.of("--kafka-config", broker.clientFile(user).toString(), "-v"));
        args.addAll(List.of(extra));
        Result run = command.run(dir.resolve("ok").resolve(command.name()), args);
        assertThat(run.exitCode()).as(run.describe()).isZero();
    }

    private void succeed(JarCommand command, String user, List<String> extra) {
        succeed(command, user, extra.toArray(String[]::new));
    }

    /** Runs at -v with {@code settings} and expects exit 4: a wrong password, or an account without the ACL. */
    private void refused(String why, JarCommand command, String settings, String... extra) {
        refused(why, command, settings, List.of(extra));
    }

    private void refused(String why, JarCommand command, String settings, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("--kafka-config", settings, "-v"));
        args.addAll(extra);
        Result run = command.run(dir.resolve("refused").resolve(why + "-" + command.name()), args);
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.ACCESS_DENIED);
        assertThat(run.stderr()).as("a stack trace at -v").contains("\tat ");
    }

    /** A command line with the JAAS line among its arguments, which a parse error refuses (and may quote); exit 2. */
    private void misused(String name, String... args) {
        misused(name, List.of(args));
    }

    private void misused(String name, List<String> args) {
        Result run = JarCommand.PRODUCER_BATCH.run(dir.resolve("misused").resolve(name), args);
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    }

    private void help(JarCommand command, String jaas) {
        Result run = command.run(dir.resolve("help").resolve(command.name()), List.of("-X", "sasl.jaas.config=" + jaas, "--help"));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).as(run.describe()).contains("Usage:");
    }

    /** Runs that do not depend on each other, three at a time; the first failed assertion fails the test. */
    private static void runAtOnce(List<Runnable> runs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> started = runs.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> run : started) {
                try {
                    run.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AssertionError failed) {
                        throw failed;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** consumer.jar streaming with metrics: /metrics and /health scraped into files once it has scored, then SIGTERM. */
    private void streamAndScrape(List<String> args) throws Exception {
        Path run = dir.resolve("ok").resolve("CONSUMER_STREAMING_METRICS");
        int port = KafkaProcess.freePort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (JvmProcess consumer = JarCommand.CONSUMER_STREAMING.start(run, with(args, "--metrics-port",
                Integer.toString(port)))) {
            consumer.await(SCRAPE_TIMEOUT, "scored records on /metrics", () -> get(http, port, "/metrics")
                    .contains("churn_records_consumed_total"));
            Files.writeString(run.resolve("metrics.txt"), get(http, port, "/metrics"));
            Files.writeString(run.resolve("health.json"), get(http, port, "/health"));
            assertThat(consumer.stop(TestJars.STOP_TIMEOUT)).as(consumer.tail()).isZero();
        }
    }

    private static String get(HttpClient http, int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private boolean inBrokerFiles(String secret) {
        Path data = broker.clientFile(SecuredBroker.ADMIN).getParent();
        return JarCommand.filesUnder(data).stream().filter(p -> p.getFileName().toString().endsWith(".properties"))
                .anyMatch(p -> JarCommand.read(p).contains(secret));
    }

    /** A file name reduced to what kind of output it is. */
    private static String kind(String name) {
        if (name.endsWith(".log")) {
            return ".log";
        }
        return name.contains("_summary_") ? "_summary_" + name.substring(name.lastIndexOf('.')) : name;
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }
}
