package io.churnstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.schema.CustomerSchema;
import io.churnstream.common.synthetic.SyntheticCustomers;

class ModelCacheTest {

    private static final String FULL_CHECK = "agrees with jpmml-evaluator on 2,000";
    private static final String CHECKED_BEFORE = "when this PMML was first checked by this build";

    private static ChurnModel uncached;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        uncached = ChurnModel.bundled(0.5, ScoringEngine.AUTO);
    }

    @Test
    void should_load_a_cached_model_without_the_check_and_score_exactly_as_the_parsed_one() throws Exception {
        ModelCache cache = ModelCache.in(dir);
        ChurnModel first = ChurnModel.bundled(0.5, ScoringEngine.AUTO, cache);
        ChurnModel second = ChurnModel.bundled(0.5, ScoringEngine.AUTO, cache);

        assertThat(first.engine()).contains(FULL_CHECK);
        assertThat(second.engine()).contains(CHECKED_BEFORE);
        assertThat(second.compiled()).isTrue();
        assertThat(second.version()).isEqualTo(uncached.version());
        SyntheticCustomers customers = new SyntheticCustomers(99);
        int compared = 0;
        for (int i = 0; i < 2_000; i++) {
            CustomerRecord customer = customers.next();
            try {
                assertThat(second.score(customer).probability()).isEqualTo(uncached.score(customer).probability());
                assertThat(second.referenceProbability(customer)).isEqualTo(uncached.referenceProbability(customer));
                compared++;
            } catch (ScoringException e) {
                assertThat(ScoringExceptionThrown.by(uncached, customer)).isTrue();
            }
        }
        assertThat(compared).isGreaterThan(1_000);
    }

    /** What lets a cached load skip verify(): a model whose verification rows fail never gets an entry. */
    @Test
    void should_write_no_entry_for_a_model_that_fails_verification_and_refuse_it_every_time() throws Exception {
        Path cacheDir = dir.resolve("cache");
        Path pmml = Files.writeString(dir.resolve("changed.pmml"), Pmml.replaceOnce(Pmml.bundled(),
                "rescaleConstant=\"-1.0183280059239455\"", "rescaleConstant=\"-0.9\""));
        ModelCache cache = ModelCache.in(cacheDir);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> ChurnModel.load(pmml, 0.5, ScoringEngine.AUTO, CustomerSchema.bundled(), cache))
                    .isInstanceOf(ModelLoadException.class).hasMessageContaining("fails verification");
            assertThat(Files.exists(cacheDir) ? Files.list(cacheDir).count() : 0).isZero();
        }
    }

    @Test
    void should_check_in_full_and_rewrite_an_entry_that_is_damaged() throws Exception {
        ModelCache cache = ModelCache.in(dir);
        ChurnModel.bundled(0.5, ScoringEngine.AUTO, cache);
        Path entry = onlyEntry();
        try (RandomAccessFile file = new RandomAccessFile(entry.toFile(), "rw")) {
            long at = file.length() - 100;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x55);
        }

        ChurnModel reloaded = ChurnModel.bundled(0.5, ScoringEngine.AUTO, cache);

        assertThat(reloaded.engine()).contains(FULL_CHECK);
        assertThat(ChurnModel.bundled(0.5, ScoringEngine.AUTO, cache).engine()).contains(CHECKED_BEFORE);
    }

    @Test
    void should_check_in_full_when_the_entry_is_truncated_or_belongs_to_another_pmml() throws Exception {
        ModelCache cache = ModelCache.in(dir);
        ChurnModel.bundled(0.5, ScoringEngine.AUTO, cache);
        Path entry = onlyEntry();
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(ChurnModel.bundled(0.5, ScoringEngine.AUTO, cache).engine()).contains(FULL_CHECK);

        Path other = dir.resolve("other");
        Files.createDirectories(other);
        String sha = entry.getFileName().toString().replace(".model", "");
        String anotherSha = sha.replace(sha.charAt(0), sha.charAt(0) == 'a' ? 'b' : 'a');
        Files.copy(onlyEntry(), other.resolve(anotherSha + ".model"));
        assertThat(ModelCache.in(other).read(anotherSha)).isEmpty();
    }

    @Test
    void should_write_nothing_when_off_and_keep_the_full_check() {
        ChurnModel model = ChurnModel.bundled(0.5, ScoringEngine.AUTO, ModelCache.OFF);

        assertThat(model.engine()).contains(FULL_CHECK);
        assertThat(ModelCache.OFF.dir()).isEmpty();
    }

    @Test
    void should_not_trust_a_check_done_with_the_jpmml_engine_only() throws Exception {
        ModelCache cache = ModelCache.in(dir);
        assertThat(ChurnModel.bundled(0.5, ScoringEngine.JPMML, cache).compiled()).isFalse();

        assertThat(ChurnModel.bundled(0.5, ScoringEngine.AUTO, cache).engine()).contains(FULL_CHECK);
        assertThat(ChurnModel.bundled(0.5, ScoringEngine.AUTO, cache).engine()).contains(CHECKED_BEFORE);
    }

    @Test
    void should_identify_the_scorer_build() {
        assertThat(ModelCache.scorerBuild()).hasSize(64);
    }

    private Path onlyEntry() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> entries = files.filter(f -> f.toString().endsWith(".model")).toList();
            assertThat(entries).hasSize(1);
            return entries.get(0);
        }
    }

    /** Whether the uncached model refuses {@code customer} too. */
    private static final class ScoringExceptionThrown {
        static boolean by(ChurnModel model, CustomerRecord customer) {
            try {
                model.score(customer);
                return false;
            } catch (ScoringException e) {
                return true;
            }
        }
    }
}
