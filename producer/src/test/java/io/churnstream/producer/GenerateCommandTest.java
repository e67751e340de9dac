package io.churnstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.churnstream.common.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    private final CliRun cli = new CliRun(ProducerApp::new);

    @TempDir
    Path dir;

    @Test
    void should_write_a_shifted_population_on_request() throws IOException {
        assertThat(cli.execute("generate", "--rows", "4000", "--seed", "3", "--out", dir.resolve("normal.csv").toString())).isZero();
        assertThat(cli.execute("generate", "--rows", "4000", "--seed", "3", "--profile", "shifted",
                "--out", dir.resolve("shifted.csv").toString())).isZero();

        assertThat(monthToMonthShare(dir.resolve("normal.csv"))).isBetween(0.50, 0.60);
        assertThat(monthToMonthShare(dir.resolve("shifted.csv"))).isBetween(0.75, 0.85);
    }

    @Test
    void should_refuse_an_unknown_profile_in_one_line() {
        assertThat(cli.execute("generate", "--profile", "weird")).isEqualTo(2);
        assertThat(cli.err()).contains("expected normal or shifted, got 'weird'").doesNotContain("\tat ");
    }

    private static double monthToMonthShare(Path csv) throws IOException {
        List<String> rows = Files.readAllLines(csv);
        return rows.stream().skip(1).filter(r -> r.contains(",Month-to-month,")).count() / (double) (rows.size() - 1);
    }
}
