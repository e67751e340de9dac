package io.churnstream.common.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    private static final String TOPIC = "telco.raw.customers";

    @TempDir
    Path dir;

    private Path input() throws Exception {
        Path f = dir.resolve("in.csv");
        Files.writeString(f, "a,b\n1,2\n");
        return f;
    }

    @Test
    void should_round_trip_a_checkpoint_and_leave_no_temp_file() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("sub/cp.json"));
        FileIdentity id = FileIdentity.of(input());
        store.save(Checkpoint.of(id, TOPIC, 41));
        store.save(Checkpoint.of(id, TOPIC, 42));

        assertThat(store.loadFor(id, TOPIC)).get().extracting(Checkpoint::nextRow).isEqualTo(42L);
        assertThat(Files.list(dir.resolve("sub"))).extracting(p -> p.getFileName().toString()).containsExactly("cp.json");
    }

    @Test
    void should_be_empty_when_no_checkpoint_exists() {
        assertThat(new CheckpointStore(dir.resolve("none.json")).load()).isEmpty();
    }

    @Test
    void should_refuse_a_checkpoint_of_another_file() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("cp.json"));
        store.save(Checkpoint.of(FileIdentity.ofName("generator:seed=1", 10), TOPIC, 5));

        assertThatThrownBy(() -> store.loadFor(FileIdentity.of(input()), TOPIC))
                .isInstanceOf(UsageException.class).hasMessageContaining("belongs to another input")
                .hasMessageContaining("--reset-checkpoint")
                .satisfies(e -> assertThat(((UsageException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
    }

    @Test
    void should_refuse_a_checkpoint_of_the_same_file_sent_to_another_topic() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("cp.json"));
        FileIdentity id = FileIdentity.of(input());
        store.save(Checkpoint.of(id, "first", 2));

        assertThatThrownBy(() -> store.loadFor(id, "second")).isInstanceOf(UsageException.class)
                .hasMessageContaining("to topic first, not to second").hasMessageContaining("--reset-checkpoint");
        assertThat(store.loadFor(id, "first")).get().extracting(Checkpoint::nextRow).isEqualTo(2L);
    }

    @Test
    void should_refuse_a_checkpoint_that_names_no_topic() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("cp.json"));
        store.save(new Checkpoint(Checkpoint.CURRENT_VERSION, FileIdentity.of(input()), null, 2, "2026-01-01T00:00:00Z"));

        assertThatThrownBy(store::load).isInstanceOf(UsageException.class).hasMessageContaining("fields are missing");
    }

    @Test
    void should_refuse_empty_truncated_or_garbage_checkpoints() throws Exception {
        Path file = dir.resolve("cp.json");
        CheckpointStore store = new CheckpointStore(file);
        store.save(Checkpoint.of(FileIdentity.of(input()), TOPIC, 7));
        byte[] good = Files.readAllBytes(file);
        for (byte[] bad : new byte[][]{new byte[0], java.util.Arrays.copyOf(good, good.length / 2),
                "not json at all".getBytes(StandardCharsets.UTF_8), "{\"version\":99}".getBytes(StandardCharsets.UTF_8)}) {
            Files.write(file, bad);
            assertThatThrownBy(store::load).isInstanceOf(UsageException.class)
                    .hasMessageContaining("--reset-checkpoint");
        }
    }

    @Test
    void should_ignore_and_clean_a_stale_temp_file() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("cp.json"));
        FileIdentity id = FileIdentity.of(input());
        store.save(Checkpoint.of(id, TOPIC, 3));
        Path stale = dir.resolve("cp.json.tmp");
        Files.writeString(stale, "{\"version\":1,\"nextR");

        assertThat(store.load()).get().extracting(Checkpoint::nextRow).isEqualTo(3L);
        store.save(Checkpoint.of(id, TOPIC, 4));
        assertThat(store.load()).get().extracting(Checkpoint::nextRow).isEqualTo(4L);
        assertThat(stale).doesNotExist();
    }

    @Test
    void should_identify_a_file_by_path_size_and_content_prefix() throws Exception {
        Path f = input();
        FileIdentity before = FileIdentity.of(f);
        Files.writeString(f, "a,b\n1,3\n");
        assertThat(FileIdentity.of(f)).isNotEqualTo(before);
        assertThat(FileIdentity.of(f).shortHash()).hasSize(16);
    }
}
