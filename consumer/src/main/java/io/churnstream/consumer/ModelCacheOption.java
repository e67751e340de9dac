package io.churnstream.consumer;

import java.nio.file.Path;

import io.churnstream.model.ModelCache;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;

/** Where the consumer keeps what a later start-up can skip of loading a model (see {@link ModelCache}). */
final class ModelCacheOption {

    static final String ENV = "CHURNSTREAM_MODEL_CACHE";
    static final String OFF = "off";

    @Option(names = "--model-cache", paramLabel = "DIR|off", defaultValue = "${env:" + ENV + "}",
            showDefaultValue = Help.Visibility.NEVER,
            description = "Directory of the model cache: each model's parsed PMML, that it passed verify(), and its "
                + "compiled scorer's check, so a restart skips the XML parse and both checks (an entry counts only for "
                + "the same PMML and the same build); 'off' turns it off. Default: $" + ENV + ", else "
                + "$XDG_CACHE_HOME/churnstream/models, else ~/.cache/churnstream/models.")
    String dir;

    ModelCache cache() {
        if (dir != null && !dir.isBlank()) {
            return OFF.equalsIgnoreCase(dir.trim()) ? ModelCache.OFF : ModelCache.in(Path.of(dir.trim()));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return ModelCache.in(base.resolve("churnstream").resolve("models"));
    }
}
