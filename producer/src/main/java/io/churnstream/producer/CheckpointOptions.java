package io.churnstream.producer;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Resume after a crash: at-least-once via a checkpoint file, or exactly-once via Kafka transactions. */
final class CheckpointOptions {

    @Option(names = "--checkpoint", paramLabel = "FILE", defaultValue = "artifacts/producer_checkpoint.json",
            description = "Resume position of --input to --topic, advanced after each acknowledged batch; "
                    + "refused for another input or topic.")
    Path file;

    @Option(names = "--reset-checkpoint", description = "Ignore and replace an existing checkpoint: start from the first row.")
    boolean reset;

    @Option(names = "--exactly-once", description = "One Kafka transaction per batch, with the resume position committed in it "
            + "(topic telco.producer.checkpoints): read_committed consumers see each row once, even across crashes.")
    boolean exactlyOnce;

    @Option(names = "--transactional-id", paramLabel = "ID",
            description = "Transactional id for --exactly-once (default: churnstream-producer-<hash of the input and the topic>).")
    String transactionalId;
}
