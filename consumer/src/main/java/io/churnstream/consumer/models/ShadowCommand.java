package io.churnstream.consumer.models;

import java.io.PrintWriter;
import java.time.Instant;

import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.cli.VersionProvider;
import io.churnstream.model.ModelRegistry;
import io.churnstream.model.ModelRole;
import io.churnstream.model.RoleChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Sets the version scored beside the active one, or none. */
@Command(name = "shadow", mixinStandardHelpOptions = true, showDefaultValues = true,
        versionProvider = VersionProvider.class,
        description = {"Makes VERSION the shadow model, or with --none sets no shadow. Consumers that follow the models "
            + "topic also score every record with the shadow and write its predictions to the shadow topic, with "
            + "shadow_of naming the active version; the agreement of the two is in /metrics and the run summary."})
final class ShadowCommand extends ModelToolCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION", description = "A version that 'model list' shows.")
    String version;

    @Option(names = "--none", description = "No shadow model from now on.")
    boolean none;

    @Override
    int run(PrintWriter out) {
        if (none == (version != null)) {
            throw new UsageException("give either a VERSION or --none; see 'consumer model shadow --help'");
        }
        try (ModelsTopic topic = connect()) {
            ModelRegistry registry = topic.read();
            if (version != null) {
                readable(registry, version, topic.name());
                if (registry.active().filter(version::equals).isPresent()) {
                    throw new UsageException(version + " is the active version: a shadow is compared with the active "
                            + "one, so pick another (see 'consumer model list')");
                }
            }
            String before = registry.shadow().orElse("none");
            RoleChange change = RoleChange.of(ModelRole.SHADOW, version, Instant.now());
            topic.write(change.key(), change.encode());
            out.println((version == null ? "no shadow" : version + " is the shadow") + " (was " + before + ")");
        }
        return ExitCodes.OK;
    }
}
