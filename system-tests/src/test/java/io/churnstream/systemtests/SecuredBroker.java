package io.churnstream.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.churnstream.broker.KafkaProcess;
import io.churnstream.common.TopicIO;
import io.churnstream.common.process.JvmProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@code broker.jar --secure} for every test of the JVM that asks for it (TLS, SCRAM users admin, churn-producer and
 * churn-consumer, the pipeline's topics and least-privilege ACLs), with the client settings files it writes. Tests that
 * need a pipeline of their own create its topics and grant its ACLs as admin, so that the pipeline's own topics and
 * group carry only what {@link SecurePipelineIntegrationTest} puts there.
 */
final class SecuredBroker implements AutoCloseable {

    static final String ADMIN = "admin";
    static final String PRODUCER = "producer";
    static final String CONSUMER = "consumer";

    private static final Path JAR = Path.of("..", "broker", "target", "broker.jar");
    private static final Duration READY = Duration.ofMinutes(4);
    private static final long ADMIN_TIMEOUT_SECONDS = 60;

    private final Path data;
    private final String bootstrap;
    private final JvmProcess process;

    private SecuredBroker(Path data, String bootstrap, JvmProcess process) {
        this.data = data;
        this.bootstrap = bootstrap;
        this.process = process;
    }

    private static SecuredBroker start() {
        try {
            Path dir = Files.createTempDirectory("churnstream-secure-");
            int port = KafkaProcess.freePortRange(3);
            JvmProcess broker = JvmProcess.jar(JAR).jvmOptions("-Xmx768m").args("--secure", "--port", Integer.toString(port),
                    "--data-dir", dir.resolve("data").toString(), "--ready-timeout", Long.toString(READY.toSeconds()))
                    .output(dir.resolve("broker.out")).start();
            try {
                broker.awaitLine(l -> l.startsWith("client settings: "), READY);
            } catch (RuntimeException e) {
                broker.kill();
                throw e;
            }
            return new SecuredBroker(dir.resolve("data"), "localhost:" + port, broker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrap() {
        return bootstrap;
    }

    /** The settings file broker.jar wrote for {@code user} ({@link #ADMIN}, {@link #PRODUCER} or {@link #CONSUMER}). */
    Path clientFile(String user) {
        return data.resolve("client-" + user + ".properties");
    }

    Properties client(String user) {
        return load(clientFile(user));
    }

    /** Reads and writes topics as admin. */
    TopicIO audit() {
        return new TopicIO(client(ADMIN));
    }

    /**
     * Every secret of the broker and its users: the passwords it made (SCRAM users, keystore, truststore, CA) and each
     * client file's JAAS line and truststore password.
     */
    List<String> secrets() {
        Set<String> secrets = new LinkedHashSet<>();
        Properties made = load(data.resolve("secrets.properties"));
        made.stringPropertyNames().forEach(name -> secrets.add(made.getProperty(name)));
        for (String user : List.of(ADMIN, PRODUCER, CONSUMER)) {
            Properties client = client(user);
            secrets.add(client.getProperty("sasl.jaas.config"));
            secrets.add(client.getProperty("ssl.truststore.password"));
        }
        return List.copyOf(secrets);
    }

    /** Creates {@code topics} (3 partitions each) as admin. */
    void createTopics(String... topics) throws Exception {
        List<NewTopic> fresh = new ArrayList<>();
        for (String topic : topics) {
            fresh.add(new NewTopic(topic, 3, (short) 1));
        }
        try (Admin admin = Admin.create(client(ADMIN))) {
            admin.createTopics(fresh).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Grants the service account {@code churn-<user>} the operations on one resource, as admin. */
    void allow(String user, ResourceType type, String name, AclOperation... operations) throws Exception {
        ResourcePattern resource = new ResourcePattern(type, name, PatternType.LITERAL);
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(resource, new AccessControlEntry("User:churn-" + user, "*", operation,
                    AclPermissionType.ALLOW)));
        }
        try (Admin admin = Admin.create(client(ADMIN))) {
            admin.createAcls(acls).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * A pipeline of its own ({@link Invariant.Pipeline#named}) that churn-consumer may score as the broker's ACLs let
     * it score the default one; {@code deadLetterWrite} false withholds WRITE on its dead-letter topic.
     */
    Invariant.Pipeline consumerPipeline(String name, boolean deadLetterWrite) throws Exception {
        Invariant.Pipeline pipeline = Invariant.Pipeline.named(name);
        createTopics(pipeline.input(), pipeline.predictions(), pipeline.deadLetters());
        allow(CONSUMER, ResourceType.TOPIC, pipeline.input(), AclOperation.READ, AclOperation.DESCRIBE);
        allow(CONSUMER, ResourceType.GROUP, pipeline.group(), AclOperation.READ, AclOperation.DESCRIBE);
        allow(CONSUMER, ResourceType.TOPIC, pipeline.predictions(), AclOperation.WRITE, AclOperation.DESCRIBE);
        if (deadLetterWrite) {
            allow(CONSUMER, ResourceType.TOPIC, pipeline.deadLetters(), AclOperation.WRITE, AclOperation.DESCRIBE,
                    AclOperation.DESCRIBE_CONFIGS);
        } else {
            allow(CONSUMER, ResourceType.TOPIC, pipeline.deadLetters(), AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        }
        return pipeline;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(60));
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Resolves {@link SecuredBroker} parameters to the one broker of the JVM, started on first use, stopped at the end. */
    static final class Extension implements ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SecuredBroker.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SecuredBroker.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Shared.class, k -> new Shared(start()),
                    Shared.class).broker;
        }

        /** Stops the broker when the root context closes. */
        private record Shared(SecuredBroker broker) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
            @Override
            public void close() {
                broker.close();
            }
        }
    }
}
