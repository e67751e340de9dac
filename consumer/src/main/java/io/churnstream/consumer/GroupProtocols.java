package io.churnstream.consumer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import io.churnstream.common.cli.UsageException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer group protocol: its default, and the client settings each protocol refuses to start with. Under
 * {@code consumer} the broker owns the session timeout, the heartbeat interval and the assignor, so the client's
 * settings for them are dropped with a warning naming the broker settings instead.
 */
final class GroupProtocols {

    static final String DEFAULT = "classic";

    private static final Logger LOG = LoggerFactory.getLogger(GroupProtocols.class);

    /** Client settings that {@code group.protocol=consumer} refuses, and the broker setting that takes their place. */
    private static final Map<String, String> CLASSIC_ONLY = Map.of(
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "group.consumer.session.timeout.ms",
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "group.consumer.heartbeat.interval.ms",
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, "group.consumer.assignors (or group.remote.assignor)");

    /** Client settings that {@code group.protocol=classic} refuses. */
    private static final List<String> CONSUMER_ONLY = List.of(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);

    private GroupProtocols() {
    }

    /** The protocol {@code consumerProps} asks for; a usage error for anything but classic or consumer. */
    static GroupProtocol of(Properties consumerProps) {
        String value = consumerProps.getProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, DEFAULT).trim();
        try {
            return GroupProtocol.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("group.protocol must be classic or consumer, got '" + value + "'");
        }
    }

    /** Removes, with a warning each, the settings the protocol of {@code consumerProps} would refuse to start with. */
    static Properties fit(Properties consumerProps) {
        if (of(consumerProps) == GroupProtocol.CONSUMER) {
            CLASSIC_ONLY.forEach((key, brokerSide) -> drop(consumerProps, key, "is set by the broker under group "
                    + "protocol consumer (" + brokerSide + "); use --group-protocol classic to set it here"));
        } else {
            CONSUMER_ONLY.forEach(key -> drop(consumerProps, key, "applies only to group protocol consumer"));
        }
        return consumerProps;
    }

    private static void drop(Properties props, String key, String why) {
        Object value = props.remove(key);
        if (value != null) {
            LOG.warn("ignoring {}={}: it {}", key, value, why);
        }
    }
}
