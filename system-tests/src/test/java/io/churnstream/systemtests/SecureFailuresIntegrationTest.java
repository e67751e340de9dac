package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.churnstream.common.PoisonPills.Pill;
import io.churnstream.common.TopicIO;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.kafka.Topics;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import io.churnstream.systemtests.JarCommand.Result;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way a secured cluster refuses a client, for every command of both jars: a wrong password, a plaintext client at
 * the TLS listener, a certificate the client does not trust, and a missing ACL. Each ends in one line on stderr that
 * says what is wrong and what to do, exit 4 ({@link ExitCodes#ACCESS_DENIED}), well within {@code --connect-timeout}
 * and without retrying. See docs/reliability.md, "Security".
 */
@ExtendWith(SecuredBroker.Extension.class)
class SecureFailuresIntegrationTest {

    /** Long, so that a refusal told only when the wait runs out would fail the time assertions. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
    /** A denied write must not wait for the producer's delivery timeout (120 s) or the consumer's retries. */
    private static final Duration NO_RETRY = Duration.ofSeconds(60);
    /** Commands run at once in the tests that run every command: a JVM start is mostly one core's work. */
    private static final int PARALLEL_RUNS = 3;
    private static final String SCRAM_REFUSAL = "Authentication failed during authentication due to invalid credentials"
            + " with SASL mechanism SCRAM-SHA-512";

    @TempDir
    static Path dir;

    private static SecuredBroker broker;
    private static String bootstrap;

    @BeforeAll
    static void useBroker(SecuredBroker secured) {
        broker = secured;
        bootstrap = secured.bootstrap();
    }

    @Test
    void should_refuse_a_wrong_password_to_every_command_in_one_line_without_retrying() throws Exception {
        Map<JarCommand, Result> runs = runEveryCommand("wrong-password", lines -> lines.stream()
                .map(l -> l.replaceAll("password=\"[^\"]*\"", "password=\"not-the-password\"")).toList());

        assertEach(runs, (command, run) -> {
            assertRefusedAtStart(run, "error: Kafka at " + bootstrap + " refused to authenticate churn-" + user(command)
                    + " (" + SCRAM_REFUSAL + "): check the username and password in sasl.jaas.config, and sasl.mechanism,"
                    + " in --kafka-config");
            assertThat(count(logs(run), "failed authentication")).as("authentication attempts in the log").isBetween(1, 3);
        });
    }

    @Test
    void should_tell_a_plaintext_client_of_every_command_that_the_listener_expects_tls() throws Exception {
        Map<JarCommand, Result> runs = runEveryCommand("plaintext", lines -> lines.stream()
                .filter(l -> l.startsWith("bootstrap.servers=")).toList());

        assertEach(runs, (command, run) -> assertRefusedAtStart(run, "error: Kafka at " + bootstrap + " expects TLS, but"
                + " this client connects without it (security.protocol=PLAINTEXT): set security.protocol=SSL or SASL_SSL"
                + " and ssl.truststore.location in --kafka-config"));
    }

    @Test
    void should_refuse_a_broker_certificate_that_no_command_trusts() throws Exception {
        Map<JarCommand, Result> runs = runEveryCommand("untrusted", lines -> lines.stream()
                .filter(l -> !l.startsWith("ssl.truststore.")).toList());

        assertEach(runs, (command, run) -> {
            assertRefusedAtStart(run, "error: Kafka at " + bootstrap + " presented a TLS certificate this client does not"
                    + " trust (unable to find valid certification path to requested target): point ssl.truststore.location"
                    + " in --kafka-config at a truststore holding the CA that signed it");
            assertThat(count(logs(run), "failed authentication")).as("handshakes in the log").isBetween(1, 3);
        });
    }

    @Test
    void should_name_the_operation_and_the_topic_a_producer_may_not_write() {
        String denied = "User:churn-consumer is not allowed to WRITE topic " + Topics.RAW_CUSTOMERS + ": ask for the ACL"
                + acls("User:churn-consumer", "Write", "--topic " + Topics.RAW_CUSTOMERS);

        Result batch = JarCommand.PRODUCER_BATCH.run(aclDir("producer-batch"), kafkaConfig(SecuredBroker.CONSUMER));
        assertDeniedMatching(batch, "error: row \\d+ could not be delivered: " + Pattern.quote(denied
                + "; checkpoint kept at row 0 (the last contiguously acknowledged row + 1), rerun to resume"));

        Result streaming = JarCommand.PRODUCER_STREAMING.run(aclDir("producer-streaming"), kafkaConfig(SecuredBroker.CONSUMER));
        assertDenied(streaming, "error: event could not be delivered: " + denied);

        Result send = JarCommand.TOPICS_SEND.run(aclDir("topics-send"), kafkaConfig(SecuredBroker.CONSUMER));
        assertDenied(send, "error: " + denied);
    }

    @Test
    void should_name_the_transactional_id_a_producer_may_not_use() {
        List<String> args = new ArrayList<>(kafkaConfig(SecuredBroker.PRODUCER));
        args.addAll(List.of("--exactly-once", "--transactional-id", "someone-elses-transactions"));

        Result run = JarCommand.PRODUCER_BATCH.run(aclDir("producer-transactional-id"), args);

        assertDenied(run, "error: User:churn-producer is not allowed to WRITE transactional id someone-elses-transactions:"
                + " ask for the ACL" + acls("User:churn-producer", "Write", "--transactional-id someone-elses-transactions"));
    }

    @Test
    void should_name_the_topics_an_account_may_neither_see_nor_create() {
        assertDenied(JarCommand.TOPICS_CREATE.run(aclDir("topics-create"), kafkaConfig(SecuredBroker.PRODUCER)),
                cannotSee(Topics.PREDICTIONS, Topics.DEAD_LETTER));
        assertDenied(JarCommand.CONSUMER_STREAMING.run(aclDir("consumer-streaming"), kafkaConfig(SecuredBroker.PRODUCER)),
                cannotSee(Topics.PREDICTIONS, Topics.DEAD_LETTER, Topics.MODELS, Topics.PREDICTIONS_SHADOW));
    }

    /** The line for topics the producer's account can neither see nor create. */
    private static String cannotSee(String... topics) {
        return "error: User:churn-producer cannot see topics " + String.join(", ", topics)
                + " (missing, or User:churn-producer may not DESCRIBE them) and may not CREATE them: have an admin create"
                + " them and grant DESCRIBE" + acls("User:churn-producer", "Describe", "--topic " + String.join(" --topic ", topics));
    }

    @Test
    void should_name_the_group_a_consumer_may_not_use() {
        List<String> args = new ArrayList<>(kafkaConfig(SecuredBroker.CONSUMER));
        args.addAll(List.of("--consumer-group", "someone-elses-group"));

        Result run = JarCommand.CONSUMER_BATCH.run(aclDir("consumer-batch"), args);

        assertDenied(run, "error: User:churn-consumer is not allowed to DESCRIBE group someone-elses-group: ask for the ACL"
                + acls("User:churn-consumer", "Describe", "--group someone-elses-group"));
    }

    @Test
    void should_name_the_topic_a_dump_may_not_read() throws Exception {
        String topic = "acl-dump-in";
        broker.createTopics(topic);
        broker.allow(SecuredBroker.PRODUCER, ResourceType.TOPIC, topic, AclOperation.DESCRIBE);
        broker.audit().send(ConsumerInput.records(topic, ConsumerInput.customers(3, 5)));
        List<String> args = new ArrayList<>(kafkaConfig(SecuredBroker.PRODUCER));
        args.addAll(List.of("--raw-topic", topic));

        Result run = JarCommand.TOPICS_DUMP.run(aclDir("topics-dump"), args);

        assertDenied(run, "error: User:churn-producer is not allowed to READ topic " + topic + ": ask for the ACL"
                + acls("User:churn-producer", "Read", "--topic " + topic));
    }

    /**
     * A consumer that may not write its dead letters stops at the first poison pill, at once and in one line, with no
     * offset committed past the pill; once the ACL is granted a rerun scores everything, nothing lost.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Delivery.class)
    void should_stop_at_the_first_poison_pill_when_dead_letters_may_not_be_written(Delivery delivery) throws Exception {
        String name = "acl-pill-" + delivery.name().toLowerCase().replace('_', '-');
        Pipeline pipeline = broker.consumerPipeline(name, false);
        TopicIO audit = broker.audit();
        List<CustomerRecord> customers = ConsumerInput.customers(120, 9);
        Map<String, Pill> pills = ConsumerInput.pills(1, 0);
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>(ConsumerInput.records(pipeline.input(), customers.subList(0, 60)));
        input.addAll(ConsumerInput.pillRecords(pipeline.input(), pills));
        input.addAll(ConsumerInput.records(pipeline.input(), customers.subList(60, 120)));
        audit.send(input);
        List<String> args = new ArrayList<>(kafkaConfig(SecuredBroker.CONSUMER));
        args.addAll(List.of("--input-topic", pipeline.input(), "--output-topic", pipeline.predictions(), "--deadletter-topic",
                pipeline.deadLetters(), "--consumer-group", pipeline.group(), "--max-messages", "0", "--timeout-ms", "20000",
                "--scoring-threads", "1", "-X", "consumer.max.poll.records=10", "--retry-backoff-ms", "2000"));
        if (delivery == Delivery.EXACTLY_ONCE) {
            args.add("--exactly-once");
        }

        Result run = JarCommand.CONSUMER_BATCH.run(dir.resolve("acl").resolve(name), args);

        assertDenied(run, "error: User:churn-consumer is not allowed to WRITE topic " + pipeline.deadLetters()
                + ": ask for the ACL" + acls("User:churn-consumer", "Write", "--topic " + pipeline.deadLetters())
                + "; nothing of the poll was committed, so a rerun after the fix scores it again");
        assertThat(run.stderr()).as("retried").doesNotContain("not delivered (attempt");
        TopicPartition pillPartition = null;
        long pillOffset = -1;
        for (ConsumerRecord<byte[], byte[]> r : audit.readAll(pipeline.input(), true)) {
            if (pills.containsKey(TopicIO.key(r))) {
                pillPartition = new TopicPartition(r.topic(), r.partition());
                pillOffset = r.offset();
            }
        }
        assertThat(audit.committedOffsets(pipeline.group(), pipeline.input()).getOrDefault(pillPartition, 0L))
                .as("committed offset of %s, whose poison pill is at %d", pillPartition, pillOffset)
                .isLessThanOrEqualTo(pillOffset);

        broker.allow(SecuredBroker.CONSUMER, ResourceType.TOPIC, pipeline.deadLetters(), AclOperation.WRITE);
        args.set(args.indexOf("--timeout-ms") + 1, "10000");
        Result rerun = JarCommand.CONSUMER_BATCH.run(dir.resolve("acl").resolve(name + "-rerun"), args);

        assertThat(rerun.exitCode()).as(rerun.describe()).isZero();
        Invariant.check(audit, pipeline, delivery).assertHolds().assertUniqueInputs();
        assertThat(Ledger.ofTopic(audit, pipeline.deadLetters(), true).ids()).containsExactlyElementsOf(pills.keySet());
    }

    /**
     * Every command with its account's settings file changed by {@code edit} ({@code name}-{@code user}.properties),
     * three at a time.
     */
    private static Map<JarCommand, Result> runEveryCommand(String name, UnaryOperator<List<String>> edit) throws Exception {
        Map<JarCommand, List<String>> args = new EnumMap<>(JarCommand.class);
        for (JarCommand command : JarCommand.values()) {
            String user = user(command);
            Path file = dir.resolve(name + "-" + user + ".properties");
            if (!Files.exists(file)) {
                Files.write(file, edit.apply(Files.readAllLines(broker.clientFile(user))));
            }
            args.put(command, kafkaConfig(file));
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_RUNS);
        try {
            Map<JarCommand, Future<Result>> started = new EnumMap<>(JarCommand.class);
            args.forEach((command, a) -> started.put(command, pool.submit(() -> command.run(dir.resolve(name)
                    .resolve(command.name()), a))));
            Map<JarCommand, Result> runs = new EnumMap<>(JarCommand.class);
            for (Map.Entry<JarCommand, Future<Result>> run : started.entrySet()) {
                runs.put(run.getKey(), run.getValue().get());
            }
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Checks every run, and fails with what each command got wrong. */
    private static void assertEach(Map<JarCommand, Result> runs, BiConsumer<JarCommand, Result> check) {
        List<String> wrong = new ArrayList<>();
        runs.forEach((command, run) -> {
            try {
                check.accept(command, run);
            } catch (AssertionError e) {
                wrong.add(command + ": " + e.getMessage());
            }
        });
        assertThat(wrong).as("commands that did not refuse as they should").isEmpty();
    }

    /** Refused at start-up: one line, exit 4, well before --connect-timeout, no Kafka client line on stderr. */
    private static void assertRefusedAtStart(Result run, String line) {
        assertDenied(run, line);
        assertThat(run.elapsed()).as("time to refuse, with --connect-timeout %s", CONNECT_TIMEOUT).isLessThan(CONNECT_TIMEOUT);
    }

    private static void assertDenied(Result run, String line) {
        assertDeniedMatching(run, Pattern.quote(line));
    }

    /** Exit 4, one error line matching {@code regex} and nothing else of note on stderr, without waiting for retries. */
    private static void assertDeniedMatching(Result run, String regex) {
        assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.ACCESS_DENIED);
        assertThat(run.errorLines()).as(run.describe()).singleElement().asString().matches(regex);
        assertThat(run.stderr().lines().filter(SecureFailuresIntegrationTest::noteworthy))
                .as("warnings, errors and stack traces besides the one line: %s", run.describe()).isEmpty();
        assertThat(run.elapsed()).as("time to refuse: %s", run.describe()).isLessThan(NO_RETRY);
    }

    /**
     * A line of stderr that would make the refusal more than one line: an error, a warning, a stack frame. The broker
     * watch's warning that the cluster did not answer within 2 s is none of those: on a loaded machine it is true.
     */
    static boolean noteworthy(String line) {
        return line.contains(" ERROR ") || line.startsWith("\tat ")
                || line.contains(" WARN ") && !line.contains("BrokerWatch - Kafka at ");
    }

    private static String acls(String principal, String operation, String resource) {
        return " (kafka-acls.sh --bootstrap-server " + bootstrap + " --add --allow-principal " + principal + " --operation "
                + operation + " " + resource + ")";
    }

    private static String user(JarCommand command) {
        return command.name().startsWith("CONSUMER") ? SecuredBroker.CONSUMER : SecuredBroker.PRODUCER;
    }

    private static Path aclDir(String name) {
        return dir.resolve("acl").resolve(name);
    }

    private static List<String> kafkaConfig(String user) {
        return kafkaConfig(broker.clientFile(user));
    }

    private static List<String> kafkaConfig(Path settings) {
        return List.of("--kafka-config", settings.toString(), "--connect-timeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
    }

    /** Everything the run wrote into its log directory. */
    private static String logs(Result run) {
        return JarCommand.filesUnder(run.dir().resolve("logs")).stream().map(JarCommand::read).collect(Collectors.joining());
    }

    private static int count(String text, String phrase) {
        int n = 0;
        for (int i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + phrase.length())) {
            n++;
        }
        return n;
    }
}
