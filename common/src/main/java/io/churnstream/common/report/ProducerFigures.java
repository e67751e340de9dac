package io.churnstream.common.report;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a producer run did. Its rate in the {@link RunSummary} header counts acknowledged and failed sends.
 *
 * @param read rows taken from the input (or the generator)
 * @param sent rows the broker acknowledged (with {@code dryRun}: printed)
 * @param rejected rows not sent because they are malformed or invalid, each reported by line
 * @param failed rows the broker did not acknowledge
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProducerFigures(String topic, boolean dryRun, long read, long sent, long rejected, long failed) {
}
