package io.churnstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    private final ModelRegistry registry = new ModelRegistry();
    private final List<Record> topic = new ArrayList<>();

    private record Record(String key, byte[] value) {
    }

    @Test
    void should_know_no_active_version_before_one_is_named() {
        assertThat(registry.isEmpty()).isTrue();
        String v1 = publish("a", ModelRole.INACTIVE);

        assertThat(registry.isEmpty()).isFalse();
        assertThat(registry.active()).isEmpty();
        assertThat(registry.role(v1)).isEqualTo(ModelRole.INACTIVE);
        assertThat(registry.entry(v1)).hasValueSatisfying(e -> assertThat(e.readable()).isTrue());
    }

    @Test
    void should_take_the_role_of_the_latest_record_that_names_it() {
        String v1 = publish("a", ModelRole.ACTIVE);
        String v2 = publish("b", ModelRole.ACTIVE);
        assertThat(registry.active()).contains(v2);

        change(ModelRole.ACTIVE, v1);
        assertThat(registry.active()).contains(v1);
        assertThat(registry.activeHistory()).containsExactly(v2, v1);

        String v3 = publish("c", ModelRole.SHADOW);
        assertThat(registry.shadow()).contains(v3);
        change(ModelRole.SHADOW, null);
        assertThat(registry.shadow()).isEmpty();
        assertThat(registry.role(v3)).isEqualTo(ModelRole.INACTIVE);
    }

    @Test
    void should_stop_shadowing_a_version_once_it_is_active() {
        String v1 = publish("a", ModelRole.ACTIVE);
        String v2 = publish("b", ModelRole.SHADOW);

        change(ModelRole.ACTIVE, v2);
        change(ModelRole.ACTIVE, v1);

        assertThat(registry.active()).contains(v1);
        assertThat(registry.shadow()).as("the shadow was promoted, then rolled back: not shadowed again").isEmpty();
    }

    @Test
    void should_keep_an_unreadable_version_with_its_problem_and_leave_the_roles_alone() {
        String v1 = publish("a", ModelRole.ACTIVE);

        var problem = apply("churn-gbm-12345678", "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(problem).hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(RefusalReason.UNPARSEABLE));
        assertThat(registry.entry("churn-gbm-12345678")).hasValueSatisfying(e -> {
            assertThat(e.readable()).isFalse();
            assertThat(e.problem().getMessage()).contains("not JSON");
        });
        assertThat(registry.active()).contains(v1);
    }

    @Test
    void should_refuse_control_records_it_cannot_read_and_records_without_key() {
        publish("a", ModelRole.ACTIVE);

        assertThat(apply(RoleChange.key(ModelRole.ACTIVE), "{}".getBytes(StandardCharsets.UTF_8))).isPresent();
        assertThat(apply(RoleChange.key(ModelRole.SHADOW),
                new RoleChange(ModelRole.SHADOW, "x", "").encode())).isEmpty();
        assertThat(apply(RoleChange.key(ModelRole.ACTIVE), new RoleChange(ModelRole.SHADOW, "x", "").encode()))
                .as("a shadow change under the active key").isPresent();
        assertThat(apply(null, new byte[1])).hasValueSatisfying(e -> assertThat(e.getMessage()).contains("no key"));
        assertThat(apply(RoleChange.key(ModelRole.ACTIVE), null)).as("a tombstone of a role").isPresent();
    }

    @Test
    void should_withdraw_a_version_on_a_tombstone_without_touching_the_roles() {
        String v1 = publish("a", ModelRole.ACTIVE);

        apply(v1, null);

        assertThat(registry.entry(v1)).isEmpty();
        assertThat(registry.active()).contains(v1);
    }

    @Test
    void should_reach_the_same_roles_from_the_compacted_topic() {
        String v1 = publish("a", ModelRole.ACTIVE);
        String v2 = publish("b", ModelRole.INACTIVE);
        change(ModelRole.SHADOW, v2);
        change(ModelRole.ACTIVE, v2);
        String v3 = publish("c", ModelRole.SHADOW);
        change(ModelRole.ACTIVE, v1);
        publish("d", ModelRole.INACTIVE);
        change(ModelRole.SHADOW, v2);

        ModelRegistry compacted = new ModelRegistry();
        Map<String, Integer> latest = new LinkedHashMap<>();
        for (int i = 0; i < topic.size(); i++) {
            latest.put(topic.get(i).key(), i);
        }
        for (int i = 0; i < topic.size(); i++) {
            if (latest.get(topic.get(i).key()) == i) {
                compacted.apply(topic.get(i).key(), topic.get(i).value(), i);
            }
        }

        assertThat(registry.active()).contains(v1);
        assertThat(registry.shadow()).contains(v2);
        assertThat(compacted.active()).isEqualTo(registry.active());
        assertThat(compacted.shadow()).isEqualTo(registry.shadow());
        assertThat(compacted.entries()).hasSameSizeAs(registry.entries()).hasSize(4);
        assertThat(registry.role(v3)).isEqualTo(ModelRole.INACTIVE);
    }

    private String publish(String pmml, ModelRole role) {
        ModelRelease release = ModelRelease.of(pmml.getBytes(StandardCharsets.UTF_8), ModelRelease.cardNamed("m"), role,
                Pmml.PUBLISHED);
        assertThat(apply(release.version(), release.encode())).isEmpty();
        return release.version();
    }

    private void change(ModelRole role, String version) {
        RoleChange change = RoleChange.of(role, version, Pmml.PUBLISHED);
        assertThat(apply(change.key(), change.encode())).isEmpty();
    }

    private java.util.Optional<ModelLoadException> apply(String key, byte[] value) {
        topic.add(new Record(key, value));
        return registry.apply(key, value, topic.size() - 1);
    }
}
