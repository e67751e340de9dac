package io.churnstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.churnstream.common.process.JvmProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiler directives the build writes beside consumer.jar, as the scripts pass them to the JVM. */
class CompilerDirectivesTest {

    private static final Path LIB = Path.of("..", "scripts", "lib.sh");
    private static final Path DIRECTIVES = Path.of("target", "compiler-directives.json");

    @TempDir
    Path dir;

    @Test
    void the_jvm_takes_the_directives_and_says_so_on_stderr_only() throws Exception {
        Run run = consumerVersion();

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("2 compiler directives added");
        assertThat(run.out()).isNotBlank().doesNotContain("directives");
    }

    @Test
    void c2_compiles_the_projects_code_and_no_library() throws Exception {
        Run run = consumerVersion("-XX:+CompilerDirectivesPrint");

        assertThat(c2Excluded(run.err(), "io/churnstream/*.*")).isEqualTo("false");
        assertThat(c2Excluded(run.err(), "*.*")).isEqualTo("true");
    }

    private record Run(int exit, String out, String err) {
    }

    /** consumer.jar's --version in a JVM started as the scripts start it, with {@code extra} JVM options. */
    private Run consumerVersion(String... extra) throws Exception {
        List<String> jvm = new ArrayList<>(scriptsConsumerJvm());
        assertThat(jvm).contains("-XX:CompilerDirectivesFile=" + DIRECTIVES.toAbsolutePath().normalize());
        jvm.addAll(List.of(extra));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        try (JvmProcess consumer = JvmProcess.mainClass(ConsumerApp.class.getName())
                .jvmOptions(jvm.toArray(String[]::new)).args("--version").output(out).errors(err).start()) {
            int exit = consumer.awaitExit(Duration.ofSeconds(60));
            return new Run(exit, Files.readString(out), Files.readString(err));
        }
    }

    /** The C2 Exclude setting of the first directive matching {@code pattern}, as -XX:+CompilerDirectivesPrint shows it. */
    private static String c2Excluded(String printed, String pattern) {
        for (String directive : printed.split("\nDirective:")) {
            if (directive.lines().anyMatch(l -> l.equals(" matching: " + pattern))) {
                Matcher c2 = Pattern.compile("c2 directives:[^\\n]*\\n[^\\n]*\\n[^\\n]*Exclude:(\\w+)").matcher(directive);
                assertThat(c2.find()).as(directive).isTrue();
                return c2.group(1);
            }
        }
        throw new AssertionError("no directive matching " + pattern + " in:\n" + printed);
    }

    /** CONSUMER_JVM as scripts/lib.sh sets it in this checkout. */
    private static List<String> scriptsConsumerJvm() throws IOException, InterruptedException {
        assertThat(DIRECTIVES).as("copied at process-resources").isRegularFile();
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", "source \"$1\" && printf '%s\\n' \"${CONSUMER_JVM[@]}\"",
                "lib", LIB.toString()).redirectErrorStream(true);
        bash.environment().remove("CONSUMER_JVM_OPTS");
        Process process = bash.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        return printed.lines().toList();
    }
}
