package io.churnstream.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.churnstream.common.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The pipeline's topics and its service accounts' least-privilege ACLs on a secure broker, made as {@code admin} so
 * that neither account needs to create anything. Topics get the broker's default replication.
 */
final class PipelineAccess {

    static final String CONSUMER_GROUP = "churn-prediction-group";
    static final String PRODUCER_TRANSACTIONS = "churnstream-producer-";
    static final String CONSUMER_TRANSACTIONS = "churnstream-consumer-";

    private static final long TIMEOUT_SECONDS = 60;

    private PipelineAccess() {
    }

    static List<NewTopic> topics() {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        return List.of(
                topic(Topics.RAW_CUSTOMERS, Topics.RAW_PARTITIONS, Map.of()),
                topic(Topics.PREDICTIONS, Topics.PREDICTION_PARTITIONS, Map.of()),
                topic(Topics.DEAD_LETTER, Topics.DEAD_LETTER_PARTITIONS, Map.of()),
                topic(Topics.PRODUCER_CHECKPOINTS, 1, compacted),
                topic(Topics.MODELS, 1, Topics.models(Topics.MODELS).configs()),
                topic(Topics.PREDICTIONS_SHADOW, Topics.PREDICTION_PARTITIONS, Map.of()));
    }

    private static NewTopic topic(String name, int partitions, Map<String, String> configs) {
        return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs);
    }

    /**
     * churn-producer writes the raw topic and, under {@code --exactly-once}, its checkpoints inside transactions of its
     * own prefix; the topics exist, so it needs no CREATE. churn-consumer reads the raw topic and the models in its
     * group, writes predictions, shadow predictions and dead letters inside transactions of its own prefix, and may
     * read the dead-letter topic's settings (consumer.jar sizes dead letters by its max.message.bytes). Idempotent
     * writes need no cluster ACL: Kafka grants them to any principal allowed to write a topic.
     */
    static List<AclBinding> acls() {
        String producer = "User:" + Security.PRODUCER;
        String consumer = "User:" + Security.CONSUMER;
        List<AclBinding> acls = new ArrayList<>();
        allow(acls, producer, topic(Topics.RAW_CUSTOMERS), AclOperation.WRITE, AclOperation.DESCRIBE);
        allow(acls, producer, topic(Topics.PRODUCER_CHECKPOINTS), AclOperation.WRITE, AclOperation.DESCRIBE,
                AclOperation.READ);
        allow(acls, producer, prefixed(ResourceType.TRANSACTIONAL_ID, PRODUCER_TRANSACTIONS), AclOperation.WRITE,
                AclOperation.DESCRIBE);

        allow(acls, consumer, topic(Topics.RAW_CUSTOMERS), AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, consumer, new ResourcePattern(ResourceType.GROUP, CONSUMER_GROUP, PatternType.LITERAL),
                AclOperation.READ, AclOperation.DESCRIBE);
        for (String output : List.of(Topics.PREDICTIONS, Topics.PREDICTIONS_SHADOW)) {
            allow(acls, consumer, topic(output), AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        allow(acls, consumer, topic(Topics.DEAD_LETTER), AclOperation.WRITE, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS);
        allow(acls, consumer, topic(Topics.MODELS), AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, consumer, prefixed(ResourceType.TRANSACTIONAL_ID, CONSUMER_TRANSACTIONS), AclOperation.WRITE,
                AclOperation.DESCRIBE);
        return acls;
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern prefixed(ResourceType type, String prefix) {
        return new ResourcePattern(type, prefix, PatternType.PREFIXED);
    }

    private static void allow(List<AclBinding> acls, String principal, ResourcePattern resource, AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    /** Creates the missing topics and every ACL (creating an existing ACL changes nothing). */
    static void apply(Properties adminClient) {
        try (Admin admin = Admin.create(adminClient)) {
            for (KafkaFuture<Void> created : admin.createTopics(topics()).values().values()) {
                try {
                    created.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            admin.createAcls(acls()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the pipeline's topics and ACLs", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot create the pipeline's topics and ACLs: " + cause.getMessage(), e);
        }
    }
}
