package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** docs/cli.md and docs/completion/ must say what the code does; -Dchurnstream.updateDocs=true rewrites them. */
class CliReferenceTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static final boolean UPDATE = Boolean.getBoolean("churnstream.updateDocs");

    @Test
    void should_match_the_cli_reference_in_the_docs() throws IOException {
        check(DOCS.resolve("cli.md"), CliReference.markdown());
    }

    @Test
    void should_match_the_shell_completion_scripts_in_the_docs() throws IOException {
        for (String jar : new String[]{"producer", "consumer"}) {
            String script = CliReference.completion(jar);
            assertThat(script).contains("complete -F").contains("streaming").contains("batch");
            check(DOCS.resolve("completion").resolve(jar + "_completion"), script);
        }
    }

    @Test
    void should_document_every_option_of_every_subcommand() {
        String md = CliReference.markdown();
        CliReference.apps().values().forEach(app -> CliReference.commands(app).forEach(sub ->
                sub.getCommandSpec().options().stream().filter(o -> !o.hidden()).forEach(o ->
                        assertThat(md).as(sub.getCommandSpec().qualifiedName()).contains(o.longestName()))));
    }

    private static void check(Path file, String expected) throws IOException {
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(file)).as(file + " is missing: run with -Dchurnstream.updateDocs=true").isTrue();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as(file + " is out of date: rerun with -Dchurnstream.updateDocs=true").isEqualTo(expected);
    }
}
