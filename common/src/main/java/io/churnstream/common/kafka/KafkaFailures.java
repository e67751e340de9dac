package io.churnstream.common.kafka;

import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.UsageException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * The one place where the Kafka client failures that no retry can cure become the line a user reads: refused
 * credentials, a failed TLS handshake, a plaintext client at a TLS listener, and a missing ACL, named by principal,
 * operation and resource together with the {@code kafka-acls.sh} command that grants it. All of them exit with
 * {@link ExitCodes#ACCESS_DENIED}; settings the client refuses to start with exit with {@link ExitCodes#USAGE}.
 */
public final class KafkaFailures {

    private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    /** What the client was doing when it was refused, which decides the operation the missing ACL is for. */
    public enum Attempt {
        /** Sending records (in a transaction: with the consumer group's offsets). */
        PRODUCE("WRITE", "READ", "IDEMPOTENT_WRITE"),
        /** Fetching records in a consumer group. */
        CONSUME("READ", "READ", "DESCRIBE"),
        /** Creating topics. */
        CREATE("CREATE", "DESCRIBE", "CREATE"),
        /** Reading metadata or committed offsets. */
        DESCRIBE("DESCRIBE", "DESCRIBE", "DESCRIBE"),
        /** Reading topic configs. */
        DESCRIBE_CONFIGS("DESCRIBE_CONFIGS", "DESCRIBE", "DESCRIBE_CONFIGS");

        private final String onTopic;
        private final String onGroup;
        private final String onCluster;

        Attempt(String onTopic, String onGroup, String onCluster) {
            this.onTopic = onTopic;
            this.onGroup = onGroup;
            this.onCluster = onCluster;
        }
    }

    private final String bootstrap;
    private final String securityProtocol;
    private final String username;
    private final String group;
    private final String transactionalId;

    private KafkaFailures(String bootstrap, String securityProtocol, String username, String group,
                          String transactionalId) {
        this.bootstrap = bootstrap;
        this.securityProtocol = securityProtocol;
        this.username = username;
        this.group = group;
        this.transactionalId = transactionalId;
    }

    /** Failures of clients built from {@code settings}: their address, protocol, user, group and transactional id. */
    public static KafkaFailures of(KafkaSettings settings) {
        Map<String, String> s = settings.asMap();
        String jaas = s.get(SaslConfigs.SASL_JAAS_CONFIG);
        Matcher user = USERNAME.matcher(jaas == null ? "" : jaas);
        return new KafkaFailures(settings.bootstrapServers(),
                s.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT").toUpperCase(Locale.ROOT),
                user.find() ? user.group(1) : null, s.get(ConsumerConfig.GROUP_ID_CONFIG),
                s.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    }

    /** The same, for a client that runs under {@code id} (one the settings do not hold). */
    public KafkaFailures withTransactionalId(String id) {
        return new KafkaFailures(bootstrap, securityProtocol, username, group, id);
    }

    /** Whether a cause of {@code failure} is a refusal no retry can cure: authentication, TLS or authorization. */
    public static boolean isRefusal(Throwable failure) {
        return find(failure, AuthenticationException.class) != null || find(failure, AuthorizationException.class) != null;
    }

    /**
     * The user's line for {@code failure} when one of its causes is a refusal, else empty. {@code topics} name the
     * topics of the attempt, for the refusals that do not say which topic they are about.
     */
    public Optional<CliException> explain(Throwable failure, Attempt attempt, Collection<String> topics) {
        AuthenticationException authentication = find(failure, AuthenticationException.class);
        if (authentication != null) {
            return Optional.of(denied(authentication instanceof SslAuthenticationException ssl
                    ? tls(ssl) : credentials(authentication), failure));
        }
        AuthorizationException authorization = find(failure, AuthorizationException.class);
        return authorization == null ? Optional.empty()
                : Optional.of(denied(acl(authorization, attempt, topics), failure));
    }

    public Optional<CliException> explain(Throwable failure, Attempt attempt) {
        return explain(failure, attempt, List.of());
    }

    /** What to say after "failed: ": the refusal explained, else {@code failure}'s own message. */
    public String reason(Throwable failure, Attempt attempt, Collection<String> topics) {
        return explain(failure, attempt, topics).map(Throwable::getMessage).orElse(failure.getMessage());
    }

    /** {@link ExitCodes#ACCESS_DENIED} for a refusal, else {@link ExitCodes#RUNTIME_FAILURE}. */
    public static int exitCode(Throwable failure) {
        return isRefusal(failure) ? ExitCodes.ACCESS_DENIED : ExitCodes.RUNTIME_FAILURE;
    }

    /** For {@code catch} blocks: the explained refusal, or {@code failure} itself when it is none. */
    public RuntimeException explained(RuntimeException failure, Attempt attempt) {
        return explain(failure, attempt).map(RuntimeException.class::cast).orElse(failure);
    }

    /** A plaintext client was cut off by a listener that answered a TLS handshake; empty for a TLS client. */
    Optional<CliException> plaintextAtTls(TlsProbe probe) {
        if (securityProtocol.endsWith("SSL") || !probe.speaksTls(bootstrap)) {
            return Optional.empty();
        }
        return Optional.of(new CliException(ExitCodes.ACCESS_DENIED, "Kafka at " + bootstrap + " expects TLS, but this "
                + "client connects without it (security.protocol=" + securityProtocol + "): set security.protocol="
                + (securityProtocol.startsWith("SASL") ? "SASL_SSL" : "SSL or SASL_SSL")
                + " and ssl.truststore.location in --kafka-config"));
    }

    /**
     * A client that could not be built from the settings, such as an unparsable JAAS line or an unreadable truststore:
     * the first two causes that say more than which client failed to start.
     */
    public static UsageException badSettings(KafkaException e) {
        List<String> reasons = new ArrayList<>();
        for (Throwable t = e.getCause(); t != null && reasons.size() < 2; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            boolean wrapper = message == null || message.isBlank() || message.startsWith("Failed to create new ")
                    || message.startsWith("Failed to construct ") || t.getCause() != null && message.equals(t.getCause().toString());
            if (!wrapper) {
                reasons.add(message);
            }
        }
        return new UsageException("invalid Kafka client settings: " + (reasons.isEmpty() ? e.getMessage()
                : String.join(": ", reasons)) + ": check --kafka-config and -X", e);
    }

    private static CliException denied(String message, Throwable cause) {
        return new CliException(ExitCodes.ACCESS_DENIED, message, cause);
    }

    private String credentials(AuthenticationException e) {
        return "Kafka at " + bootstrap + " refused to authenticate " + (username == null ? "this client" : username)
                + " (" + e.getMessage() + "): check the username and password in sasl.jaas.config, and sasl.mechanism,"
                + " in --kafka-config";
    }

    private String tls(SslAuthenticationException e) {
        CertificateException certificate = find(e, CertificateException.class);
        String why = deepestMessage(e);
        if (certificate != null && certificate.getMessage() != null
                && (certificate.getMessage().startsWith("No subject alternative") || certificate.getMessage().startsWith("No name matching"))) {
            return "the TLS certificate of Kafka at " + bootstrap + " is not for that host name (" + why
                    + "): connect by a name the certificate holds";
        }
        if (certificate != null) {
            return "Kafka at " + bootstrap + " presented a TLS certificate this client does not trust (" + why
                    + "): point ssl.truststore.location in --kafka-config at a truststore holding the CA that signed it";
        }
        return "the TLS handshake with Kafka at " + bootstrap + " failed (" + why + "): check that it is a TLS listener"
                + " and the ssl.* settings in --kafka-config";
    }

    private String acl(AuthorizationException e, Attempt attempt, Collection<String> topics) {
        String principal = username == null ? null : "User:" + username;
        String who = principal == null ? "this client's principal" : principal;
        String operation;
        String resource;
        String option;
        if (e instanceof TopicAuthorizationException t) {
            Set<String> names = new LinkedHashSet<>(t.unauthorizedTopics().isEmpty() ? topics : t.unauthorizedTopics());
            operation = attempt.onTopic;
            resource = (names.size() == 1 ? "topic " : "topics ") + String.join(", ", names);
            option = names.stream().map(n -> "--topic " + n).reduce((a, b) -> a + " " + b).orElse("--topic TOPIC");
            if (attempt == Attempt.CREATE) {
                String it = names.size() == 1 ? "it" : "them";
                return who + " cannot see " + resource + " (missing, or " + who + " may not DESCRIBE " + it + ") and may"
                        + " not CREATE " + it + ": have an admin create " + it + " and grant DESCRIBE" + command(principal,
                        "DESCRIBE", option);
            }
        } else if (e instanceof GroupAuthorizationException g) {
            String id = g.groupId() != null ? g.groupId() : group;
            operation = attempt.onGroup;
            resource = "group " + id;
            option = "--group " + id;
        } else if (e instanceof TransactionalIdAuthorizationException) {
            String id = transactionalId != null ? transactionalId : "ID";
            operation = attempt == Attempt.DESCRIBE ? "DESCRIBE" : "WRITE";
            resource = "transactional id " + id;
            option = "--transactional-id " + id;
        } else if (e instanceof ClusterAuthorizationException) {
            operation = attempt.onCluster;
            resource = "the cluster";
            option = "--cluster";
        } else {
            return who + " is not allowed to do this (" + e.getMessage() + "): check its ACLs";
        }
        return who + " is not allowed to " + operation + " " + resource + ": ask for the ACL" + command(principal, operation, option);
    }

    private String command(String principal, String operation, String option) {
        return " (kafka-acls.sh --bootstrap-server " + bootstrap + " --add --allow-principal "
                + (principal == null ? "PRINCIPAL" : principal) + " --operation " + aclsName(operation) + " " + option + ")";
    }

    /** {@code DESCRIBE_CONFIGS} as kafka-acls.sh spells it: {@code DescribeConfigs}. */
    private static String aclsName(String operation) {
        StringBuilder out = new StringBuilder();
        for (String word : operation.split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private static String deepestMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        List<Throwable> seen = new ArrayList<>();
        for (Throwable t = failure; t != null && !seen.contains(t); t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            seen.add(t);
        }
        return null;
    }
}
