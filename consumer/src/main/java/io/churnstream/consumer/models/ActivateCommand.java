package io.churnstream.consumer.models;

import java.io.PrintWriter;
import java.time.Instant;

import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.VersionProvider;
import io.churnstream.model.ModelRegistry;
import io.churnstream.model.ModelRole;
import io.churnstream.model.RoleChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Makes a published version the active one: rolling forward or back is the same step. */
@Command(name = "activate", mixinStandardHelpOptions = true, showDefaultValues = true,
        versionProvider = VersionProvider.class,
        description = {"Makes VERSION the active model: every consumer that follows the models topic scores with it "
            + "from its next poll on, once it has loaded and checked it (a version it had active before takes over at "
            + "once). Rolling forward and rolling back are the same command.",
            "A shadow version that becomes active stops being the shadow."})
final class ActivateCommand extends ModelToolCommand {

    @Parameters(index = "0", paramLabel = "VERSION", description = "A version that 'model list' shows.")
    String version;

    @Override
    int run(PrintWriter out) {
        try (ModelsTopic topic = connect()) {
            ModelRegistry registry = topic.read();
            readable(registry, version, topic.name());
            String before = registry.active().orElse("none, the bundled model");
            if (version.equals(before)) {
                out.println(version + " is active already");
                return ExitCodes.OK;
            }
            RoleChange change = RoleChange.of(ModelRole.ACTIVE, version, Instant.now());
            topic.write(change.key(), change.encode());
            out.println(version + " is active (was " + before + ")");
        }
        return ExitCodes.OK;
    }
}
