package io.churnstream.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.churnstream.common.kafka.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogSetupTest {

    @TempDir
    Path dir;

    private final PrintStream stderr = System.err;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @AfterEach
    void restore() throws Exception {
        System.setErr(stderr);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void should_mask_remembered_secrets_in_every_line_and_stack_trace_on_the_console_and_in_the_file() throws Exception {
        Secrets.remember("ssl.truststore.password", "logged-pw-4711");
        Path file = configure(false);

        LoggerFactory.getLogger("io.churnstream.test").warn("settings with logged-pw-4711",
                new IllegalStateException("cause quoting logged-pw-4711"));

        assertThat(console()).contains("settings with ********").doesNotContain("logged-pw-4711");
        assertThat(Files.readString(file)).contains("settings with ********").contains("cause quoting ********")
                .doesNotContain("logged-pw-4711");
    }

    @Test
    void should_keep_the_kafka_clients_lines_in_the_file_unless_verbose() throws Exception {
        Path file = configure(false);
        Logger kafka = LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");

        kafka.error("failed authentication, retrying");

        assertThat(console()).doesNotContain("failed authentication");
        assertThat(Files.readString(file)).contains("failed authentication, retrying");

        configure(true);
        kafka.error("failed authentication again");
        assertThat(console()).contains("failed authentication again");
    }

    private Path configure(boolean verbose) {
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        Path file = dir.resolve("test.log");
        LogSetup.configure(file, verbose, false);
        return file;
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }
}
