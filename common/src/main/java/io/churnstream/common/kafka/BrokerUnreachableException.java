package io.churnstream.common.kafka;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;

/** No broker answered at the bootstrap address in time. */
public final class BrokerUnreachableException extends CliException {

    public BrokerUnreachableException(String bootstrap, long seconds) {
        super(ExitCodes.BROKER_UNREACHABLE, "cannot reach Kafka at " + bootstrap + " within " + seconds
                + "s: start one with ./scripts/start-broker.sh (or docker compose -f docker-compose.kafka.yml up -d)"
                + " or pass --bootstrap-servers");
    }
}
