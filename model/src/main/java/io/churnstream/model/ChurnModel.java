package io.churnstream.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.xml.parsers.ParserConfigurationException;

import org.dmg.pmml.ModelVerification;
import org.dmg.pmml.PMML;
import org.dmg.pmml.VerificationField;
import org.jpmml.evaluator.Evaluator;
import org.jpmml.evaluator.HasProbability;
import org.jpmml.evaluator.LoadingModelEvaluatorBuilder;
import org.jpmml.evaluator.ModelEvaluator;
import org.jpmml.evaluator.ModelEvaluatorBuilder;
import org.jpmml.evaluator.OutputField;
import org.jpmml.evaluator.TargetField;
import org.jpmml.model.PMMLException;
import org.xml.sax.SAXException;

import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerFields.Field;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.schema.CustomerSchema;
import io.churnstream.common.synthetic.SyntheticCustomers;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.UnmarshalException;

/**
 * The churn model: a PMML evaluator built and verified once, then shared by any number of threads.
 * {@link #score} gives P(Churn = "Yes") and the label at this instance's threshold, from the compiled scorer when
 * it passed its check against jpmml-evaluator at load ({@link #engine()} says), from jpmml-evaluator otherwise.
 *
 * <p>Records outside the model's domain are refused with a {@link ScoringException}, never scored with a default:
 * a category missing from the PMML DataField's values ({@code UNKNOWN_CATEGORY}, although sklearn's
 * {@code handle_unknown="ignore"} would score it), a null column other than TotalCharges ({@code MISSING_VALUE};
 * a null TotalCharges is imputed with the training median exactly as sklearn does), a NaN or infinite number
 * ({@code INVALID_VALUE}).
 */
public final class ChurnModel {

    /** The threshold to use when the caller has no reason to choose another. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    static final String BUNDLED_PMML = "churn-gbm.pmml";
    static final String POSITIVE = "Yes";
    static final String NEGATIVE = "No";
    private static final int WARM_UP_ROUNDS = 50;
    private static final long WARM_UP_SEED = 20_261_125L;
    /** Distinct generated customers the warm-up cycles through: generating each evaluation's own cost more than scoring it. */
    private static final int WARM_UP_CUSTOMERS = 1_000;

    private final Evaluator evaluator;
    private final InputSchema schema;
    private final CustomerFields table;
    private final String targetName;
    private final ModelVersion version;
    private final ReferenceProfile profile;
    private final double threshold;
    private final Compilation compilation;

    private ChurnModel(Evaluator evaluator, InputSchema schema, CustomerFields table, String targetName,
                       ModelVersion version, ReferenceProfile profile, double threshold, Compilation compilation) {
        this.evaluator = evaluator;
        this.schema = schema;
        this.table = table;
        this.targetName = targetName;
        this.version = version;
        this.profile = profile;
        this.threshold = threshold;
        this.compilation = compilation;
    }

    /** The model bundled on the classpath (trained by scripts/train-model.sh). */
    public static ChurnModel bundled(double threshold) {
        return bundled(threshold, ScoringEngine.AUTO);
    }

    /** A PMML file; its identity comes from a {@code model-card.json} beside it, if any. */
    public static ChurnModel load(Path pmml, double threshold) {
        return load(pmml, threshold, ScoringEngine.AUTO);
    }

    /** The bundled model, scored by {@code engine}. */
    public static ChurnModel bundled(double threshold, ScoringEngine engine) {
        return bundled(threshold, engine, ModelCache.OFF);
    }

    /** The bundled model, scored by {@code engine}, its parse and check taken from {@code cache} when it holds them. */
    public static ChurnModel bundled(double threshold, ScoringEngine engine, ModelCache cache) {
        checkThreshold(threshold);
        byte[] pmml = resource(BUNDLED_PMML);
        ModelCard card;
        try (InputStream in = new ByteArrayInputStream(resource(ModelCard.FILE_NAME))) {
            card = ModelCard.read(in, "classpath:" + ModelCard.FILE_NAME);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read the bundled model card", e);
        }
        return build(pmml, "classpath:" + BUNDLED_PMML, card, threshold, engine, CustomerSchema.bundled(), false, cache);
    }

    /** A PMML file, scored by {@code engine}. */
    public static ChurnModel load(Path pmml, double threshold, ScoringEngine engine) {
        return load(pmml, threshold, engine, CustomerSchema.bundled(), ModelCache.OFF);
    }

    /** A PMML file whose inputs are fields of another customer contract. */
    public static ChurnModel load(Path pmml, double threshold, ScoringEngine engine, CustomerSchema customers) {
        return load(pmml, threshold, engine, customers, ModelCache.OFF);
    }

    /** A PMML file whose inputs are fields of {@code customers}, its parse and check taken from {@code cache} if there. */
    public static ChurnModel load(Path pmml, double threshold, ScoringEngine engine, CustomerSchema customers,
                                  ModelCache cache) {
        checkThreshold(threshold);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pmml);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("model file not found: " + pmml, e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model file " + pmml + ": " + e.getMessage(), e);
        }
        return build(bytes, pmml.toString(), ModelCard.besides(pmml), threshold, engine, customers, false, cache);
    }

    /**
     * A published model, held to more than {@link #load}: its categories must be the customer schema's, it must carry
     * ModelVerification rows that {@code verify()} passes, and a compiled scorer that disagrees with jpmml-evaluator
     * refuses it instead of falling back. The {@link ModelLoadException}'s reason names the check that failed.
     */
    public static ChurnModel admit(ModelRelease release, double threshold, ScoringEngine engine) {
        return admit(release, threshold, engine, ModelCache.OFF);
    }

    /** {@link #admit(ModelRelease, double, ScoringEngine)}, its parse and check taken from {@code cache} if there. */
    public static ChurnModel admit(ModelRelease release, double threshold, ScoringEngine engine, ModelCache cache) {
        checkThreshold(threshold);
        ModelCard card = ModelCard.of(release.card(), "of version " + release.version());
        return build(release.pmml(), "version " + release.version(), card, threshold, engine, CustomerSchema.bundled(),
                true, cache);
    }

    /** Scores one customer; refuses, with a typed reason, any input outside the model's domain. */
    public Score score(CustomerRecord record) throws ScoringException {
        if (record == null) {
            throw new ScoringException("record is null");
        }
        Object[] values = schema.values(record);
        double probability = compilation.scorer() == null ? Double.NaN : compilation.scorer().probability(values);
        if (Double.isNaN(probability)) {
            probability = probability(schema.arguments(values));
        } else if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new ScoringException("model returned no valid probability: " + probability);
        }
        return new Score(probability, probability >= threshold ? POSITIVE : NEGATIVE);
    }

    /**
     * Scores generated customers until {@code evaluations} are done or {@code budget} is spent, so the JIT has
     * compiled the evaluator before the first real record (a cold evaluator is several times slower). Returns how
     * many it scored. Customers the model refuses are skipped: this only exercises the code paths.
     */
    public int warmUp(int evaluations, Duration budget) {
        SyntheticCustomers generator = new SyntheticCustomers(WARM_UP_SEED);
        List<CustomerRecord> customers = new ArrayList<>(WARM_UP_CUSTOMERS);
        for (int i = 0; i < WARM_UP_CUSTOMERS; i++) {
            customers.add(generator.next());
        }
        long deadline = System.nanoTime() + budget.toNanos();
        int scored = 0;
        for (int i = 0; scored < evaluations && System.nanoTime() < deadline; i++) {
            try {
                score(customers.get(i % WARM_UP_CUSTOMERS));
            } catch (ScoringException e) {
                continue;
            }
            scored++;
        }
        return scored;
    }

    CustomerFields table() {
        return table;
    }

    Evaluator evaluator() {
        return evaluator;
    }

    InputSchema inputSchema() {
        return schema;
    }

    public ModelVersion version() {
        return version;
    }

    public double threshold() {
        return threshold;
    }

    /** The training population's profile from the model card, for drift monitoring; empty without one. */
    public Optional<ReferenceProfile> referenceProfile() {
        return Optional.ofNullable(profile);
    }

    /** Which evaluator scores this model, and why: for the startup log. */
    public String engine() {
        return compilation.description();
    }

    /** Whether the compiled scorer is in use (it passed its check against jpmml-evaluator). */
    public boolean compiled() {
        return compilation.scorer() != null;
    }

    /** P(Churn = "Yes") from jpmml-evaluator alone, whatever the engine: the reference the compiled scorer meets. */
    double referenceProbability(CustomerRecord record) throws ScoringException {
        return probability(schema.arguments(schema.values(record)));
    }

    private double probability(Map<String, Object> arguments) throws ScoringException {
        Object target;
        try {
            target = evaluator.evaluate(arguments).get(targetName);
        } catch (PMMLException e) {
            throw new ScoringException("evaluation failed: " + e.getMessage(), e);
        }
        if (!(target instanceof HasProbability distribution)) {
            throw new ScoringException("model returned no probability distribution");
        }
        Double probability = distribution.getProbability(POSITIVE);
        if (probability == null || !(probability >= 0.0 && probability <= 1.0)) {
            throw new ScoringException("model returned no valid probability: " + probability);
        }
        return probability;
    }

    private static ChurnModel build(byte[] pmml, String where, ModelCard card, double threshold,
                                    ScoringEngine engine, CustomerSchema customers, boolean published, ModelCache cache) {
        String sha256 = Digest.sha256(pmml);
        ModelCache.Entry cached = cache.read(sha256).orElse(null);
        Evaluator evaluator = cached == null ? null : fromCache(cached.pmml());
        byte[] toCache = null;
        if (evaluator == null) {
            cached = null;
            LoadingModelEvaluatorBuilder builder = parse(pmml, where);
            toCache = cache.serialize(builder.getPMML());
            try {
                evaluator = builder.build();
            } catch (IllegalArgumentException e) {
                throw new ModelLoadException("not a PMML document: " + where, e);
            } catch (PMMLException e) {
                throw new ModelLoadException("unsupported PMML in " + where + ": " + e.getMessage(), e);
            }
        }
        String target = positiveTarget(evaluator, where);
        InputSchema schema = InputSchema.of(evaluator, customers, published);
        if (published) {
            requireVerificationRows(evaluator, target, where);
        }
        if (cached == null) {
            verify(evaluator, where);
        }
        ModelVersion version = new ModelVersion(card.name(), Digest.shortForm(sha256), card.trainedOn());
        ChurnModel reference = new ChurnModel(evaluator, schema, customers.fields(), target, version, card.profile(),
                threshold, Compilation.NONE);
        Compilation compilation = engine == ScoringEngine.JPMML ? Compilation.REQUESTED
                : cached != null && cached.checked() ? Compilation.checkedBefore(evaluator, schema, cached, cache)
                : Compilation.attempt(evaluator, schema, reference);
        if (published && compilation.disagrees()) {
            throw new ModelLoadException(RefusalReason.SCORER_DISAGREES, "model " + where + ": "
                    + compilation.description());
        }
        ChurnModel model = new ChurnModel(evaluator, schema, customers.fields(), target, version, card.profile(),
                threshold, compilation);
        model.warmUp(where);
        if (toCache != null) {
            cache.write(sha256, toCache, compilation.compared(), compilation.worst());
        } else if (cached != null && !cached.checked() && compilation.compared() > 0) {
            cache.write(sha256, cached.payload(), compilation.compared(), compilation.worst());
        }
        return model;
    }

    /**
     * Runs the PMML's ModelVerification rows. Only on a full load: an entry of the model cache is written only after
     * they passed, on the very same bytes with the same build, so reading one stands for running them again.
     */
    private static void verify(Evaluator evaluator, String where) {
        try {
            evaluator.verify();
        } catch (PMMLException e) {
            throw new ModelLoadException(RefusalReason.VERIFICATION_FAILED, "model " + where + " fails verification: "
                    + e.getMessage(), e);
        }
    }

    private static LoadingModelEvaluatorBuilder parse(byte[] pmml, String where) {
        try {
            return new LoadingModelEvaluatorBuilder()
                    .setValidationEventHandler(event -> false)
                    .load(new ByteArrayInputStream(pmml));
        } catch (SAXException | UnmarshalException | IllegalArgumentException e) {
            throw new ModelLoadException("not a PMML document: " + where, e);
        } catch (JAXBException | ParserConfigurationException e) {
            throw new ModelLoadException("cannot set up the PMML parser: " + e.getMessage(), e);
        } catch (PMMLException e) {
            throw new ModelLoadException("unsupported PMML in " + where + ": " + e.getMessage(), e);
        }
    }

    /** The evaluator of a cached graph; null if it does not build, so the PMML is parsed again. */
    private static Evaluator fromCache(PMML pmml) {
        try {
            return new ModelEvaluatorBuilder(pmml).build();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Refuses a model whose ModelVerification has no rows, or checks none of its results, as verify() passes it. */
    private static void requireVerificationRows(Evaluator evaluator, String target, String where) {
        ModelVerification verification = evaluator instanceof ModelEvaluator<?> m ? m.getModel().getModelVerification()
                : null;
        boolean rows = verification != null && verification.getInlineTable() != null
                && verification.getInlineTable().hasRows();
        List<String> results = new ArrayList<>(List.of(target));
        evaluator.getOutputFields().stream().map(OutputField::getName).forEach(results::add);
        boolean checks = verification != null && verification.getVerificationFields() != null
                && verification.getVerificationFields().getVerificationFields().stream()
                        .map(VerificationField::requireField).anyMatch(results::contains);
        if (!rows || !checks) {
            throw new ModelLoadException(RefusalReason.VERIFICATION_FAILED, "model " + where + " has no ModelVerification"
                    + " rows with expected results, so verify() would check nothing: export it with verification rows");
        }
    }

    private static String positiveTarget(Evaluator evaluator, String where) {
        List<TargetField> targets = evaluator.getTargetFields();
        if (targets.size() != 1 || !targets.get(0).getCategories().contains(POSITIVE)) {
            throw new ModelLoadException(RefusalReason.CONTRACT_MISMATCH, "model " + where + " is not a classifier with a '"
                    + POSITIVE + "' class");
        }
        return targets.get(0).getName();
    }

    /** Scores a few synthetic customers so the first real record does not pay for class loading and JIT. */
    private void warmUp(String where) {
        List<CustomerRecord> records = syntheticCustomers(schema, table);
        try {
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                for (CustomerRecord record : records) {
                    score(record);
                }
            }
        } catch (ScoringException e) {
            throw new ModelLoadException(RefusalReason.VERIFICATION_FAILED, "model " + where
                    + " cannot score a synthetic customer: " + e.getMessage(), e);
        }
    }

    /**
     * Four customers that take every code path of the model's inputs: each categorical input cycles through its valid
     * values, numbers range from small to large, and an input the model imputes is unknown once.
     */
    static List<CustomerRecord> syntheticCustomers(InputSchema schema, CustomerFields table) {
        int[] integers = {1, 12, 40, 72};
        double[] numbers = {20.05, 55.5, 3210.0, 7900.5};
        List<CustomerRecord> records = new ArrayList<>();
        for (int i = 0; i < integers.length; i++) {
            CustomerRecord.Builder customer = CustomerRecord.builder(table).set(CustomerFields.CUSTOMER_ID, "0000-WARMU");
            for (Field field : schema.fields()) {
                Set<String> valid = schema.validValues(field);
                int n = i;
                Object value = switch (field.kind()) {
                    case INTEGER -> integers[i];
                    case NUMBER -> schema.optional(field) && i == 1 ? null : numbers[i];
                    default -> valid.stream().sorted().skip(n % valid.size()).findFirst().orElseThrow();
                };
                customer.set(field, value);
            }
            records.add(customer.build());
        }
        return records;
    }

    private static byte[] resource(String name) {
        try (InputStream in = ChurnModel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new ModelLoadException("bundled model resource missing from the classpath: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException("cannot read bundled model resource " + name, e);
        }
    }

    private static void checkThreshold(double threshold) {
        if (!(threshold > 0.0 && threshold < 1.0)) {
            throw new IllegalArgumentException("threshold must be strictly between 0 and 1, got " + threshold);
        }
    }
}
