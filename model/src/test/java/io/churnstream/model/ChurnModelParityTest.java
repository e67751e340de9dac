package io.churnstream.model;

import static io.churnstream.common.record.CustomerFields.*;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.churnstream.common.record.CustomerRecord;

/**
 * The bundled PMML must reproduce sklearn's predict_proba on the synthetic fixture written by model/train.py, with
 * either scoring engine.
 */
class ChurnModelParityTest {

    private static final double TOLERANCE = 1e-9;
    private static final Set<String> INTEGER_COLUMNS = Set.of("SeniorCitizen", "tenure");
    private static final Set<String> DOUBLE_COLUMNS = Set.of("MonthlyCharges", "TotalCharges");

    record Row(CustomerRecord customer, double expected) {
    }

    private static List<Row> rows;
    private static ChurnModel model;
    private static ChurnModel jpmml;

    @BeforeAll
    static void load() throws IOException {
        rows = readFixture();
        model = ChurnModel.bundled(0.5);
        jpmml = ChurnModel.bundled(0.5, ScoringEngine.JPMML);
    }

    @Test
    void should_cover_thousands_of_synthetic_customers_including_blank_total_charges() {
        assertThat(rows).hasSizeGreaterThanOrEqualTo(2000);
        assertThat(rows).filteredOn(r -> r.customer().number(TOTAL_CHARGES) == null).hasSizeGreaterThanOrEqualTo(20);
        assertThat(rows).allSatisfy(r -> assertThat(r.customer().customerId()).matches("^[0-9]{4}-[A-Z]{5}$"));
    }

    @Test
    void should_reproduce_every_sklearn_probability_within_1e9_with_the_compiled_scorer() throws Exception {
        assertThat(model.compiled()).as(model.engine()).isTrue();
        assertParity(model);
    }

    @Test
    void should_reproduce_every_sklearn_probability_within_1e9_with_jpmml_evaluator() throws Exception {
        assertThat(jpmml.compiled()).isFalse();
        assertParity(jpmml);
    }

    private static void assertParity(ChurnModel scorer) throws ScoringException {
        double maxDiff = 0;
        for (Row row : rows) {
            Score score = scorer.score(row.customer());
            assertThat(score.probability()).as(row.customer().customerId())
                    .isCloseTo(row.expected(), org.assertj.core.data.Offset.offset(TOLERANCE));
            maxDiff = Math.max(maxDiff, Math.abs(score.probability() - row.expected()));
        }
        System.out.printf("parity (%s): %d rows, max |java - sklearn| = %.3e%n", scorer.engine(), rows.size(), maxDiff);
    }

    @Test
    void should_give_identical_scores_when_shared_across_threads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    double[] p = new double[rows.size()];
                    for (int i = 0; i < p.length; i++) {
                        p[i] = model.score(rows.get(i).customer()).probability();
                    }
                    return p;
                }));
            }
            for (Future<double[]> result : results) {
                double[] p = result.get();
                for (int i = 0; i < p.length; i++) {
                    assertThat(p[i]).isCloseTo(rows.get(i).expected(), org.assertj.core.data.Offset.offset(TOLERANCE));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Row> readFixture() throws IOException {
        InputStream in = ChurnModelParityTest.class.getResourceAsStream("/parity/churn-parity.csv");
        assertThat(in).as("parity fixture on the test classpath").isNotNull();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String[] header = reader.readLine().split(",", -1);
            List<Row> parsed = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",", -1);
                assertThat(cells).hasSameSizeAs(header);
                Map<String, Object> columns = new LinkedHashMap<>();
                for (int i = 0; i < header.length - 1; i++) {
                    columns.put(header[i], parse(header[i], cells[i]));
                }
                parsed.add(new Row(Customers.of(columns), Double.parseDouble(cells[header.length - 1])));
            }
            return parsed;
        }
    }

    private static Object parse(String column, String cell) {
        if (cell.isEmpty()) {
            return null;
        }
        if (INTEGER_COLUMNS.contains(column)) {
            return Integer.parseInt(cell);
        }
        return DOUBLE_COLUMNS.contains(column) ? Double.parseDouble(cell) : cell;
    }
}
