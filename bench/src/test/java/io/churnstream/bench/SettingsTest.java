package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

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
                .hasMessage("unknown section 'latncy' in SECTIONS: choose from producer,scoring,consumer,latency,scaling");
        assertThatThrownBy(() -> Section.parse(" , ")).isInstanceOf(UsageException.class);
    }

    @Test
    void flagsOverrideTheDefaultsAndTheWarmUpDefaultsToAFifthOfTheRows() throws Exception {
        Settings s = parse("--rows", "20000", "--runs", "1", "--sections", "producer,scaling", "--port", "25092",
                "--latency-rates", "20  1000", "--consumer-args", " --scoring-threads 2 ");
        assertThat(s.rows()).isEqualTo(20_000);
        assertThat(s.warmupRows()).isEqualTo(4_000);
        assertThat(s.sections()).containsExactly(Section.PRODUCER, Section.SCALING);
        assertThat(s.bootstrap()).isEqualTo("localhost:25092");
        assertThat(s.latencyRates()).containsExactly(20, 1000);
        assertThat(s.consumerArgs()).containsExactly("--scoring-threads", "2");
        assertThat(s.consumerJar()).isEqualTo(checkout.toAbsolutePath().resolve("consumer/target/consumer.jar"));
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
    }

    @Test
    void wordsSplitAsTheShellSplitsAnUnquotedVariable() {
        assertThat(BenchOptions.words("  -wi 2   -f 1 ")).containsExactly("-wi", "2", "-f", "1");
        assertThat(BenchOptions.words("")).isEmpty();
    }
}
