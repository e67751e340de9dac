package io.churnstream.consumer.models;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.cli.VersionProvider;
import io.churnstream.common.json.Json;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.ModelLoadException;
import io.churnstream.model.ModelRegistry;
import io.churnstream.model.ModelRelease;
import io.churnstream.model.ModelRole;
import io.churnstream.model.RoleChange;
import io.churnstream.model.ScoringEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Checks a PMML as consumers will, then publishes it as a version of the models topic. */
@Command(name = "publish", mixinStandardHelpOptions = true, showDefaultValues = true,
        versionProvider = VersionProvider.class,
        description = {"Checks a PMML model as consumers will (it parses; its inputs and categories are the customer "
            + "schema's; verify() passes on its ModelVerification rows; the compiled scorer agrees with "
            + "jpmml-evaluator), then publishes it on the models topic and prints its version id: the card's name and "
            + "the first 8 hex digits of the PMML's SHA-256.",
            "A refused model is not published: one line says why, exit 2. Publishing a version the topic holds "
            + "already writes nothing but the role asked for."})
final class PublishCommand extends ModelToolCommand {

    private static final Logger LOG = LoggerFactory.getLogger(PublishCommand.class);

    @Parameters(index = "0", paramLabel = "FILE.pmml", description = "The PMML model.")
    Path file;

    @Option(names = "--card", paramLabel = "FILE",
            description = "Its model card (JSON with at least name and trained_on; default: model-card.json beside "
                + "FILE.pmml, else the file's name and an unknown training date).")
    Path card;

    @ArgGroup(exclusive = true)
    Role role = new Role();

    /** At most one of the roles a version may be published with. */
    static final class Role {
        @Option(names = "--activate", description = "Make it the active version at once.")
        boolean activate;

        @Option(names = "--shadow", description = "Make it the shadow version at once.")
        boolean shadow;

        ModelRole role() {
            return activate ? ModelRole.ACTIVE : shadow ? ModelRole.SHADOW : ModelRole.INACTIVE;
        }
    }

    @Override
    int run(PrintWriter out) {
        ModelRelease release = checked(read(file, "the model file", "check the path"), card());
        try (ModelsTopic topic = connect()) {
            ModelRegistry registry = topic.read();
            Optional<ModelRegistry.Entry> published = registry.entry(release.version()).filter(ModelRegistry.Entry::readable);
            if (published.isEmpty()) {
                byte[] value = release.encode();
                int max = topic.maxRecordBytes();
                if (value.length > max) {
                    throw new UsageException("the record of " + release.version() + " is " + value.length + " bytes, more "
                            + "than the " + max + " that " + topic.name() + " takes: raise the topic's max.message.bytes");
                }
                topic.write(release.version(), value);
                LOG.info("published {} on {} as {}", release.version(), topic.name(), release.role().wireName());
            } else if (release.role() != ModelRole.INACTIVE && registry.role(release.version()) != release.role()) {
                RoleChange change = RoleChange.of(release.role(), release.version(), Instant.now());
                topic.write(change.key(), change.encode());
                LOG.info("{} was published on {} at {}; now it is {}", release.version(), topic.name(),
                        published.get().release().publishedTs(), release.role().wireName());
            } else {
                LOG.info("{} was published on {} at {} already; nothing written", release.version(), topic.name(),
                        published.get().release().publishedTs());
            }
        }
        out.println(release.version());
        return ExitCodes.OK;
    }

    /** The release, after the checks a consumer makes; refused with exit 2 and the reason. */
    private ModelRelease checked(byte[] pmml, JsonNode card) {
        try {
            ModelRelease release = ModelRelease.of(pmml, card, role.role(), Instant.now());
            ChurnModel model = ChurnModel.admit(release, ChurnModel.DEFAULT_THRESHOLD, ScoringEngine.AUTO);
            LOG.info("{} passes the checks; scored by {}", release.version(), model.engine());
            return release;
        } catch (ModelLoadException e) {
            throw new UsageException("model " + file + " refused (" + e.reason().wireName() + "): " + e.getMessage(), e);
        }
    }

    private JsonNode card() {
        if (card == null) {
            try {
                return ModelRelease.cardOf(file);
            } catch (ModelLoadException e) {
                throw new UsageException(e.getMessage() + " (pass another with --card)", e);
            }
        }
        try {
            return Json.parse(read(card, "the model card", "check --card"));
        } catch (IOException e) {
            throw new UsageException("model card " + card + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path path, String what, String hint) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UsageException(what + " " + path + " does not exist: " + hint);
        } catch (IOException e) {
            throw new UsageException("cannot read " + what + " " + path + ": " + e.getMessage());
        }
    }
}
