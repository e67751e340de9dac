package io.churnstream.consumer.models;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.VersionProvider;
import io.churnstream.model.ModelRegistry;
import io.churnstream.model.ModelRelease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** The versions on the models topic, with their roles and headline metrics. */
@Command(name = "list", mixinStandardHelpOptions = true, showDefaultValues = true,
        versionProvider = VersionProvider.class,
        description = "Prints a table of the versions on the models topic: version, SHA-256 of the PMML, when it was "
            + "published, its role (active, shadow or inactive) and the held-out accuracy and ROC AUC of its card. "
            + "A record that cannot be read is listed with the reason.")
final class ListCommand extends ModelToolCommand {

    private static final Logger LOG = LoggerFactory.getLogger(ListCommand.class);
    private static final List<String> HEADER = List.of("VERSION", "SHA256", "PUBLISHED", "ROLE", "ACCURACY", "ROC_AUC");

    @Override
    int run(PrintWriter out) {
        ModelRegistry registry;
        try (ModelsTopic topic = connect()) {
            registry = topic.read();
        }
        if (registry.entries().isEmpty()) {
            LOG.info("no model version on {}: consumers that follow it score with the bundled model", models.topic());
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ModelRegistry.Entry entry : registry.entries()) {
            rows.add(row(entry, registry));
        }
        print(rows, out);
        return ExitCodes.OK;
    }

    private static List<String> row(ModelRegistry.Entry entry, ModelRegistry registry) {
        ModelRelease release = entry.release();
        if (release == null) {
            return List.of(entry.version(), "-", "-", "unreadable (" + entry.problem().reason().wireName() + ")", "-", "-");
        }
        Map<String, Double> metrics = release.headlineMetrics();
        return List.of(entry.version(), release.sha256(), release.publishedTs(), registry.role(entry.version()).wireName(),
                metric(metrics.get("accuracy")), metric(metrics.get("roc_auc")));
    }

    private static String metric(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static void print(List<List<String>> rows, PrintWriter out) {
        int[] widths = new int[HEADER.size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
