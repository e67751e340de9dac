package io.churnstream.model.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.dmg.pmml.PMML;
import org.jpmml.model.PMMLUtil;
import org.jpmml.python.FileStorage;
import org.jpmml.python.PickleUtil;
import org.jpmml.python.Storage;
import sklearn2pmml.pipeline.PMMLPipeline;
import sklearn2pmml.pipeline.PMMLPipelineUtil;

/** Build-time tool: converts the pickled sklearn Pipeline written by model/train.py into the bundled PMML. */
public final class PmmlExporter {

    static final String TARGET_FIELD = "Churn";

    private PmmlExporter() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: PmmlExporter <pipeline.pkl> <out.pmml>");
        }
        Path pickle = Path.of(args[0]);
        Path out = Path.of(args[1]);
        if (!Files.isRegularFile(pickle)) {
            throw new IOException("no pickle at " + pickle.toAbsolutePath() + " (run scripts/train-model.sh)");
        }
        PMML pmml = export(pickle);
        write(pmml, out);
        System.out.println("PmmlExporter: wrote " + out.toAbsolutePath() + " (" + Files.size(out) + " bytes)");
    }

    static PMML export(Path pickle) throws IOException {
        ClassLoader loader = PmmlExporter.class.getClassLoader();
        PickleUtil.init(loader, "python2pmml.properties");
        PickleUtil.init(loader, "sklearn2pmml.properties");
        Object fitted;
        try (Storage storage = new FileStorage(pickle.toFile())) {
            fitted = PickleUtil.unpickle(storage);
        }
        PMMLPipeline pipeline = PMMLPipelineUtil.toPMMLPipeline(fitted);
        pipeline.setTargetFields(List.of(TARGET_FIELD));
        return pipeline.encodePMML();
    }

    private static void write(PMML pmml, Path out) throws Exception {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(out.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            PMMLUtil.marshal(pmml, os);
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
