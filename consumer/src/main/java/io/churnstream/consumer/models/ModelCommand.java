package io.churnstream.consumer.models;

import io.churnstream.common.cli.VersionProvider;
import picocli.CommandLine.Command;

/** {@code consumer.jar model}: the lifecycle of the models that consumers without {@code --model} follow. */
@Command(name = "model", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Publishes PMML models as versions of the models topic and sets which version is active and "
            + "which is the shadow; consumers started without --model follow it and swap models between polls.",
        subcommands = {PublishCommand.class, ListCommand.class, ActivateCommand.class, ShadowCommand.class})
public final class ModelCommand {
}
