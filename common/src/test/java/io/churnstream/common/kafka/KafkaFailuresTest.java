package io.churnstream.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLHandshakeException;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.kafka.KafkaFailures.Attempt;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaFailuresTest {

    private static final String ACLS = " (kafka-acls.sh --bootstrap-server broker:9093 --add --allow-principal User:svc";

    private final KafkaFailures failures = failures(Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\""
                    + " password=\"not-shown-4711\";",
            "group.id", "the-group", "transactional.id", "the-txn"));

    @Test
    void should_name_the_user_whose_credentials_were_refused() {
        CliException e = failures.explain(new ExecutionException(new SaslAuthenticationException("invalid credentials")),
                Attempt.DESCRIBE).orElseThrow();

        assertThat(e.exitCode()).isEqualTo(ExitCodes.ACCESS_DENIED);
        assertThat(e.getMessage()).isEqualTo("Kafka at broker:9093 refused to authenticate svc (invalid credentials): check the"
                + " username and password in sasl.jaas.config, and sasl.mechanism, in --kafka-config")
                .doesNotContain("not-shown-4711");
    }

    @Test
    void should_tell_an_untrusted_certificate_from_a_wrong_host_name_and_from_other_handshake_failures() {
        assertThat(tls(new CertificateException("unable to find valid certification path to requested target")))
                .isEqualTo("Kafka at broker:9093 presented a TLS certificate this client does not trust (unable to find valid"
                        + " certification path to requested target): point ssl.truststore.location in --kafka-config at a"
                        + " truststore holding the CA that signed it");
        assertThat(tls(new CertificateException("No subject alternative DNS name matching broker found.")))
                .isEqualTo("the TLS certificate of Kafka at broker:9093 is not for that host name (No subject alternative DNS"
                        + " name matching broker found.): connect by a name the certificate holds");
        assertThat(tls(new IOException("Remote host terminated the handshake")))
                .startsWith("the TLS handshake with Kafka at broker:9093 failed (Remote host terminated the handshake): check");
    }

    private String tls(Exception cause) {
        SSLHandshakeException handshake = new SSLHandshakeException("handshake");
        handshake.initCause(cause);
        return failures.explain(new SslAuthenticationException("SSL handshake failed", handshake), Attempt.DESCRIBE)
                .orElseThrow().getMessage();
    }

    @Test
    void should_name_principal_operation_and_resource_of_a_missing_acl_with_the_command_that_grants_it() {
        assertThat(message(new TopicAuthorizationException(Set.of("dlq")), Attempt.PRODUCE))
                .isEqualTo("User:svc is not allowed to WRITE topic dlq: ask for the ACL" + ACLS + " --operation Write --topic dlq)");
        assertThat(message(new TopicAuthorizationException(Set.of("in")), Attempt.CONSUME))
                .isEqualTo("User:svc is not allowed to READ topic in: ask for the ACL" + ACLS + " --operation Read --topic in)");
        assertThat(message(new TopicAuthorizationException(Set.of("dlq")), Attempt.DESCRIBE_CONFIGS))
                .endsWith("--operation DescribeConfigs --topic dlq)");
        assertThat(message(GroupAuthorizationException.forGroupId("g"), Attempt.CONSUME))
                .isEqualTo("User:svc is not allowed to READ group g: ask for the ACL" + ACLS + " --operation Read --group g)");
        assertThat(message(new GroupAuthorizationException("denied"), Attempt.DESCRIBE))
                .as("the group of the settings when the refusal names none").startsWith("User:svc is not allowed to DESCRIBE group the-group");
        assertThat(message(new TransactionalIdAuthorizationException("Transactional Id authorization failed."), Attempt.PRODUCE))
                .isEqualTo("User:svc is not allowed to WRITE transactional id the-txn: ask for the ACL" + ACLS
                        + " --operation Write --transactional-id the-txn)");
        assertThat(failures.withTransactionalId("other").explain(new TransactionalIdAuthorizationException("no"),
                Attempt.PRODUCE).orElseThrow().getMessage()).contains("transactional id other");
    }

    @Test
    void should_say_that_a_topic_it_may_not_create_is_one_it_cannot_see() {
        CliException e = failures.explain(new KafkaException("wrapped", new TopicAuthorizationException("Authorization failed.")),
                Attempt.CREATE, List.of("a", "b")).orElseThrow();

        assertThat(e.getMessage()).isEqualTo("User:svc cannot see topics a, b (missing, or User:svc may not DESCRIBE them) and"
                + " may not CREATE them: have an admin create them and grant DESCRIBE" + ACLS
                + " --operation Describe --topic a --topic b)");
    }

    @Test
    void should_leave_the_principal_to_fill_in_when_the_settings_do_not_name_one() {
        KafkaFailures anonymous = failures(Map.of("security.protocol", "SSL"));

        assertThat(anonymous.explain(new TopicAuthorizationException(Set.of("t")), Attempt.PRODUCE).orElseThrow().getMessage())
                .startsWith("this client's principal is not allowed to WRITE topic t")
                .contains("--allow-principal PRINCIPAL --operation Write --topic t");
    }

    @Test
    void should_leave_failures_that_are_no_refusal_to_their_callers() {
        TimeoutException timeout = new TimeoutException("no answer");

        assertThat(failures.explain(timeout, Attempt.PRODUCE)).isEmpty();
        assertThat(failures.explained(timeout, Attempt.PRODUCE)).isSameAs(timeout);
        assertThat(failures.reason(timeout, Attempt.PRODUCE, List.of())).isEqualTo("no answer");
        assertThat(KafkaFailures.isRefusal(timeout)).isFalse();
        assertThat(KafkaFailures.exitCode(timeout)).isEqualTo(ExitCodes.RUNTIME_FAILURE);
        assertThat(KafkaFailures.exitCode(new KafkaException("x", new TopicAuthorizationException(Set.of("t")))))
                .isEqualTo(ExitCodes.ACCESS_DENIED);
    }

    @Test
    void should_call_settings_a_client_cannot_start_with_a_usage_error_saying_why() {
        CliException e = KafkaFailures.badSettings(new KafkaException("Failed to create new KafkaAdminClient",
                new KafkaException("Failed to load SSL keystore /x/trust.p12 of type PKCS12",
                        new IOException("keystore password was incorrect"))));

        assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(e.getMessage()).isEqualTo("invalid Kafka client settings: Failed to load SSL keystore /x/trust.p12 of type"
                + " PKCS12: keystore password was incorrect: check --kafka-config and -X");
        assertThat(KafkaFailures.badSettings(new KafkaException("Failed", new ConfigException("Invalid value x for y")))
                .getMessage()).isEqualTo("invalid Kafka client settings: Invalid value x for y: check --kafka-config and -X");
        KafkaException keystore = new KafkaException("Failed to load SSL keystore /x of type PKCS12",
                new IOException("keystore password was incorrect"));
        assertThat(KafkaFailures.badSettings(new KafkaException("Failed to create new KafkaAdminClient",
                new KafkaException("Failed to create new NetworkClient", new KafkaException(keystore)))).getMessage())
                .as("wrappers that only name the client, or repeat their cause, say nothing")
                .isEqualTo("invalid Kafka client settings: Failed to load SSL keystore /x of type PKCS12: keystore password"
                        + " was incorrect: check --kafka-config and -X");
    }

    @Test
    void should_not_blame_tls_when_a_plaintext_port_or_nothing_answers_the_probe() throws IOException {
        KafkaFailures plaintext = failures(Map.of());
        try (ServerSocket silent = new ServerSocket(0)) {
            KafkaFailures local = failures(Map.of("bootstrap.servers", "localhost:" + silent.getLocalPort()));
            assertThat(local.plaintextAtTls(new TlsProbe(Duration.ofMillis(500)))).isEmpty();
        }
        assertThat(plaintext.plaintextAtTls(new TlsProbe(Duration.ofMillis(500)))).isEmpty();
        assertThat(failures.plaintextAtTls(new TlsProbe(Duration.ofMillis(500)))).as("a TLS client is not probed").isEmpty();
    }

    private String message(Exception refusal, Attempt attempt) {
        return failures.explain(refusal, attempt).orElseThrow().getMessage();
    }

    private static KafkaFailures failures(Map<String, String> settings) {
        return KafkaFailures.of(KafkaSettings.builder().environment(Map.of()).overrides(Map.of("bootstrap.servers", "broker:9093"))
                .overrides(settings).build());
    }
}
