package io.churnstream.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void should_know_a_secret_by_its_key_or_by_its_value() {
        assertThat(Secrets.isSecret("ssl.truststore.password", "x")).isTrue();
        assertThat(Secrets.isSecret("sasl.jaas.config", "x")).isTrue();
        assertThat(Secrets.isSecret("ssl.keystore.key", "x")).isTrue();
        assertThat(Secrets.isSecret("sasl.jaas.confg", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"u\" password=\"p\";")).as("a JAAS line under a misspelt key").isTrue();
        assertThat(Secrets.isSecret("my.note", "password=hunter22")).isTrue();
        assertThat(Secrets.isSecret("security.protocol", "SASL_SSL")).isFalse();
        assertThat(Secrets.isSecret("bootstrap.servers", "broker:9093")).isFalse();
    }

    @Test
    void should_mask_a_remembered_secret_and_the_password_inside_a_jaas_line_wherever_they_appear() {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\""
                + " password=\"jaas-pw-4711\";";
        Secrets.remember("sasl.jaas.config", jaas);
        Secrets.remember("ssl.truststore.password", "trust-pw-4711");

        assertThat(Secrets.mask("config " + jaas + " and trust-pw-4711 and again jaas-pw-4711 alone"))
                .isEqualTo("config ******** and ******** and again ******** alone");
    }

    @Test
    void should_remember_nothing_from_settings_that_are_not_secret_nor_values_too_short_to_mask_safely() {
        Secrets.remember("client.id", "visible-client-4711");
        Secrets.remember("ssl.key.password", "abc");

        assertThat(Secrets.mask("visible-client-4711 abc")).isEqualTo("visible-client-4711 abc");
    }

    @Test
    void should_remember_secrets_on_a_command_line_even_when_a_shell_split_the_jaas_line() {
        Secrets.rememberArguments(new String[]{"batch", "-X", "sasl.jaas.config=org.example.LoginModule required"
                + " password=\"whole-line-pw-4711\";", "-Xssl.key.password=attached-pw-4711", "username=\"u\"",
                "password=\"split-pw-4711\";", "--rows", "10"});

        assertThat(Secrets.mask("whole-line-pw-4711 attached-pw-4711 split-pw-4711 10"))
                .isEqualTo("******** ******** ******** 10");
    }

    @Test
    void should_leave_text_without_secrets_as_it_is() {
        assertThat(Secrets.mask("nothing to hide here")).isEqualTo("nothing to hide here");
        assertThat(Secrets.mask("")).isEmpty();
        assertThat(Secrets.mask(null)).isNull();
    }
}
