package io.churnstream.model.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmg.pmml.DataField;
import org.dmg.pmml.Model;
import org.dmg.pmml.OpType;
import org.dmg.pmml.PMML;
import org.dmg.pmml.VerificationField;
import org.jpmml.converter.ModelUtil;
import org.jpmml.model.PMMLUtil;
import org.jpmml.python.FileStorage;
import org.jpmml.python.PickleUtil;
import org.jpmml.python.Storage;
import sklearn2pmml.pipeline.PMMLPipeline;
import sklearn2pmml.pipeline.PMMLPipelineUtil;

/**
 * Build-time tool: converts the pickled sklearn Pipeline written by model/train.py into PMML and, given the
 * verification CSV train.py wrote, adds its rows as the model's ModelVerification, so that jpmml-evaluator's
 * {@code verify()} checks the PMML against scikit-learn's own probabilities.
 */
public final class PmmlExporter {

    static final String TARGET_FIELD = "Churn";
    /** Relative tolerance of the verified probabilities: the parity test's bound on Java against scikit-learn. */
    static final double PRECISION = 1e-9;

    private PmmlExporter() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            throw new IllegalArgumentException("usage: PmmlExporter <pipeline.pkl> <out.pmml> [<verification.csv>]");
        }
        Path pickle = Path.of(args[0]);
        Path out = Path.of(args[1]);
        if (!Files.isRegularFile(pickle)) {
            throw new IOException("no pickle at " + pickle.toAbsolutePath() + " (run scripts/train-model.sh)");
        }
        PMML pmml = export(pickle);
        if (args.length == 3 && !args[2].isBlank()) {
            int rows = addVerification(pmml, Path.of(args[2]));
            System.out.println("PmmlExporter: " + rows + " ModelVerification rows from " + args[2]);
        }
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

    /**
     * Adds the CSV's rows (a header of customer fields and output fields such as {@code probability(Yes)}; a blank
     * cell is a missing value) to the PMML's model as ModelVerification, leaving out the fields the model does not
     * read; returns the number of rows.
     */
    static int addVerification(PMML pmml, Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            throw new IOException(csv + " holds no verification rows");
        }
        Map<String, OpType> inputs = new LinkedHashMap<>();
        for (DataField field : pmml.getDataDictionary().getDataFields()) {
            inputs.put(field.requireName(), field.requireOpType());
        }
        String[] header = lines.get(0).split(",", -1);
        Map<VerificationField, List<?>> columns = new LinkedHashMap<>();
        Map<Integer, List<Object>> values = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            boolean output = header[i].startsWith("probability(");
            if (!output && !inputs.containsKey(header[i])) {
                continue;   // a customer field the model does not read
            }
            VerificationField field = ModelUtil.createVerificationField(header[i]);
            if (output) {
                field.setPrecision(PRECISION).setZeroThreshold(PRECISION);
            }
            List<Object> cells = new ArrayList<>();
            columns.put(field, cells);
            values.put(i, cells);
        }
        for (String line : lines.subList(1, lines.size())) {
            if (line.contains("\"")) {
                throw new IOException(csv + ": quoted cells are not supported: " + line);
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.length) {
                throw new IOException(csv + ": " + cells.length + " cells where the header has " + header.length);
            }
            values.forEach((i, column) -> {
                boolean text = inputs.get(header[i]) != null && inputs.get(header[i]) != OpType.CONTINUOUS;
                column.add(cells[i].isEmpty() ? null : text ? cells[i] : (Object) Double.valueOf(cells[i]));
            });
        }
        Model model = pmml.getModels().get(0);
        model.setModelVerification(ModelUtil.createModelVerification(columns));
        return lines.size() - 1;
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
