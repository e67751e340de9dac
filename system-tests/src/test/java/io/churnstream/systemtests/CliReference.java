package io.churnstream.systemtests;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.churnstream.common.cli.Cli;
import io.churnstream.consumer.ConsumerApp;
import io.churnstream.producer.ProducerApp;
import picocli.AutoComplete;
import picocli.CommandLine;

/** Renders docs/cli.md and the shell completion scripts from the picocli definitions of both jars. */
final class CliReference {

    static final int WIDTH = 110;

    private CliReference() {
    }

    static Map<String, CommandLine> apps() {
        return Map.of("producer", Cli.create(new ProducerApp()), "consumer", Cli.create(new ConsumerApp()));
    }

    static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# CLI reference\n\n")
                .append("Generated from the picocli definitions of `producer.jar` and `consumer.jar` by `CliReferenceTest`, ")
                .append("which fails when this file drifts from the code. Regenerate with\n")
                .append("`./mvnw -q -pl system-tests -am test -Dtest=CliReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dchurnstream.updateDocs=true`.\n\n");
        for (String jar : List.of("producer", "consumer")) {
            md.append("## ").append(jar).append(".jar\n\n");
            for (CommandLine cmd : commands(apps().get(jar))) {
                cmd.setUsageHelpWidth(WIDTH);
                String path = cmd.getCommandSpec().qualifiedName();
                md.append("### `java -jar ").append(jar).append(".jar").append(path.substring(jar.length())).append("`\n\n")
                        .append("```text\n").append(cmd.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing())
                        .append("\n```\n\n");
            }
        }
        return md.toString();
    }

    /** {@code cmd} and every command below it, depth first, each once (the subcommand maps also hold aliases). */
    static List<CommandLine> commands(CommandLine cmd) {
        List<CommandLine> all = new ArrayList<>();
        all.add(cmd);
        for (CommandLine sub : new LinkedHashSet<>(cmd.getSubcommands().values())) {
            all.addAll(commands(sub));
        }
        return all;
    }

    /** A bash/zsh completion script for {@code java -jar <jar>.jar}, used through an alias of that name. */
    static String completion(String jar) {
        return AutoComplete.bash(jar, apps().get(jar));
    }
}
