package io.churnstream.consumer.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.ErrorType;
import io.churnstream.common.report.ConsumerFigures;
import io.churnstream.common.report.RunSummary;
import io.churnstream.common.synthetic.SyntheticCustomers;
import io.churnstream.consumer.pipeline.Outcome;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.DriftWindow;
import io.churnstream.model.Score;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ConsumerSummaryTest {

    private static final String UTC_MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final ChurnModel MODEL = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD);

    @TempDir
    Path dir;

    @Test
    void should_write_json_with_counts_rates_latencies_and_partitions() throws Exception {
        RunStats stats = statsOfSixRecords();

        Path json = ConsumerSummary.write(summary(stats), dir);

        assertThat(json.getFileName().toString()).matches("consumer_batch_summary_\\d{8}T\\d{6}\\.\\d{3}Z\\.json");
        JsonNode s = Json.parse(Files.readAllBytes(json));
        assertThat(s.get("tool").asText()).isEqualTo("consumer");
        assertThat(s.get("mode").asText()).isEqualTo("batch");
        assertThat(s.get("outcome").asText()).isEqualTo("completed");
        assertThat(s.get("consumer_group").asText()).isEqualTo("g");
        assertThat(s.get("delivery").asText()).isEqualTo("at-least-once");
        assertThat(s.get("pass_through").asBoolean()).isFalse();
        assertThat(s.get("copied").asLong()).isZero();
        assertThat(s.get("consumed").asLong()).isEqualTo(6);
        assertThat(s.get("predicted").asLong()).isEqualTo(4);
        assertThat(s.at("/dead_lettered/total").asLong()).isEqualTo(2);
        assertThat(s.at("/dead_lettered/by_type/parse_error").asLong()).isEqualTo(1);
        assertThat(s.at("/dead_lettered/by_type/validation_error").asLong()).isEqualTo(1);
        assertThat(s.get("churn_rate").asDouble()).isEqualTo(0.5);
        assertThat(s.at("/churn_rate_by_contract/Month-to-month/churn_rate").asDouble()).isEqualTo(1.0);
        assertThat(s.at("/churn_rate_by_contract/Two year/churn_rate").asDouble()).isEqualTo(0.0);
        assertThat(s.at("/scoring_latency_ms/count").asLong()).isEqualTo(4);
        assertThat(s.at("/scoring_latency_ms/max").asDouble()).isBetween(3.99, 4.01);
        assertThat(s.at("/end_to_end_latency_ms/p50").asDouble()).isBetween(199.0, 201.0);
        assertThat(s.at("/partitions/0/first_offset").asLong()).isEqualTo(10);
        assertThat(s.at("/partitions/0/last_offset").asLong()).isEqualTo(15);
        assertThat(s.get("model_version").asText()).isEqualTo("m-1");
        assertThat(s.get("started_ts").asText()).matches(UTC_MILLIS);
        assertThat(s.get("finished_ts").asText()).matches(UTC_MILLIS);
        assertThat(s.at("/probability_histogram/18/from").asDouble()).isEqualTo(0.9);
        assertThat(s.at("/probability_histogram/18/count").asLong()).isEqualTo(1);
        for (String key : new String[]{"throughput_per_s", "duration_s", "active_s", "input_topic", "output_topic",
            "deadletter_topic", "threshold", "scoring_threads"}) {
            assertThat(s.has(key)).as(key).isTrue();
        }
    }

    @Test
    void should_rate_the_records_over_the_time_they_flowed_not_the_idle_wait_after_them() throws Exception {
        RunStats stats = new RunStats();
        long poll = 1_000_000;
        for (int i = 0; i < 500; i++) {
            stats.record(input(i), scored(0.9, true, "Two year", 1_000, poll - 10), poll);
            stats.record(input(500 + i), scored(0.9, true, "Two year", 1_000, poll - 10), poll + 2_000);
        }
        Thread.sleep(200);

        RunSummary<ConsumerFigures> s = summary(stats);

        assertThat(s.activeS()).isEqualTo(2.0);
        assertThat(s.throughputPerS()).as("500 records came in the 2 s after the first poll").isEqualTo(250.0);
        assertThat(s.durationS()).isLessThan(2.0);
    }

    @Test
    void should_write_a_well_formed_html_view_with_inline_svg_and_no_scripts() throws Exception {
        RunSummary<ConsumerFigures> summary = summary(statsOfSixRecords());
        Path json = ConsumerSummary.write(summary, dir);
        Path html = dir.resolve(json.getFileName().toString().replace(".json", ".html"));

        String page = Files.readString(html, StandardCharsets.UTF_8);
        Document doc = parse(page);

        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect").getLength()).isGreaterThanOrEqualTo(22);
        assertThat(page).doesNotContain("<script").contains("Month-to-month").contains("p99");
        assertThat(page.replace("xmlns=\"http://www.w3.org/1999/xhtml\"", "").replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
                .as("nothing to fetch: the page renders offline").doesNotContain("http").doesNotContain("url(")
                .doesNotContain("@import").doesNotContain("src=").doesNotContain("href=");
        assertThat(page).contains(summary.startedTs()).contains(summary.finishedTs());
        assertThat(page).doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{4}");
    }

    @Test
    void should_label_both_axes_of_each_chart_with_a_value_scale() throws Exception {
        String page = ConsumerSummary.write(summary(statsOfSixRecords()), dir).toString().replace(".json", ".html");
        Document doc = parse(Files.readString(Path.of(page), StandardCharsets.UTF_8));
        NodeList charts = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");

        assertThat(texts((Element) charts.item(0))).contains("churn probability (bin start)", "predictions", "0", "1");
        assertThat(texts((Element) charts.item(1))).contains("contract", "predicted churn rate", "0.0%", "100.0%");
    }

    @Test
    void should_end_the_summary_with_the_drift_of_a_shifted_population() throws Exception {
        DriftWindow window = new DriftWindow(MODEL.referenceProfile().orElseThrow(), 5_000);
        RunStats stats = scoredInto(window, SyntheticCustomers.Profile.SHIFTED, 3_000);

        JsonNode s = Json.parse(Files.readAllBytes(ConsumerSummary.write(summary(stats, window), dir)));

        JsonNode drift = s.get("drift");
        assertThat(drift.get("window_size").asInt()).isEqualTo(5_000);
        assertThat(drift.get("window_records").asInt()).isEqualTo(3_000);
        assertThat(drift.get("significant_psi").asDouble()).isEqualTo(0.2);
        assertThat(drift.get("feature_psi")).hasSize(19);
        assertThat(drift.get("score_psi").asDouble()).isEqualTo(RunSummary.round(window.scorePsi(), 4)).isPositive();
        List<String> drifted = new ArrayList<>();
        drift.get("drifted_features").forEach(n -> drifted.add(n.asText()));
        assertThat(drifted).contains("tenure", "Contract", "MonthlyCharges");
        List<Double> psi = new ArrayList<>();
        drifted.forEach(name -> psi.add(drift.at("/feature_psi/" + name).asDouble()));
        assertThat(psi).as("highest first").isSortedAccordingTo((a, b) -> Double.compare(b, a)).allMatch(p -> p > 0.2);
        drift.get("feature_psi").fields().forEachRemaining(e -> assertThat(drifted.contains(e.getKey()))
                .as(e.getKey()).isEqualTo(e.getValue().asDouble() > 0.2));
        assertThat(s.fieldNames()).toIterable().last().isEqualTo("drift");
    }

    @Test
    void should_leave_drift_out_when_it_is_off_and_show_an_empty_window_as_null() throws Exception {
        JsonNode off = Json.parse(Files.readAllBytes(ConsumerSummary.write(summary(statsOfSixRecords()), dir)));
        assertThat(off.has("drift")).isFalse();

        DriftWindow empty = new DriftWindow(MODEL.referenceProfile().orElseThrow(), 100);
        RunSummary<ConsumerFigures> idle = summary(new RunStats(), empty);
        JsonNode s = Json.toTree(idle);
        assertThat(s.at("/drift/window_records").asInt()).isZero();
        assertThat(s.at("/drift/score_psi").isNull()).isTrue();
        assertThat(s.at("/drift/feature_psi/tenure").isNull()).isTrue();
        assertThat(s.at("/drift/drifted_features")).isEmpty();
        Document doc = parse(HtmlReport.render(idle));
        assertThat(doc.getElementsByTagNameNS(SVG, "svg").getLength()).as("no drift chart").isEqualTo(2);
        assertThat(doc.getDocumentElement().getTextContent()).contains("No record was scored");
    }

    @Test
    void should_chart_one_bar_per_input_and_one_for_the_score_with_the_two_reference_lines() throws Exception {
        DriftWindow window = new DriftWindow(MODEL.referenceProfile().orElseThrow(), 2_000);
        RunSummary<ConsumerFigures> summary = summary(scoredInto(window, SyntheticCustomers.Profile.SHIFTED, 2_000), window);
        Document doc = parse(HtmlReport.render(summary));

        Element chart = svgById(doc, "drift");
        assertThat(doc.getElementsByTagNameNS(SVG, "svg").getLength()).isEqualTo(3);
        NodeList bars = chart.getElementsByTagNameNS(SVG, "rect");
        assertThat(bars.getLength()).isEqualTo(window.features().size() + 1);
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < bars.getLength(); i++) {
            titles.add(bars.item(i).getTextContent().replaceAll(":.*", ""));
        }
        assertThat(titles).containsAll(window.features()).endsWith("churn score").doesNotHaveDuplicates();
        assertThat(texts(chart)).contains("population stability index (PSI)", "model input", "0.1", "0.2");
        List<String> dashed = new ArrayList<>();
        NodeList lines = chart.getElementsByTagNameNS(SVG, "line");
        for (int i = 0; i < lines.getLength(); i++) {
            if (((Element) lines.item(i)).hasAttribute("stroke-dasharray")) {
                dashed.add(lines.item(i).getTextContent());
            }
        }
        assertThat(dashed).containsExactly("PSI 0.1", "PSI 0.2");
        Element tenure = bar(bars, "tenure");
        Element gender = bar(bars, "gender");
        assertThat(tenure.getAttribute("fill")).as("above 0.2").isNotEqualTo(gender.getAttribute("fill"));
        assertThat(Double.parseDouble(tenure.getAttribute("width"))).isGreaterThan(Double.parseDouble(gender.getAttribute("width")));
        assertThat(doc.getDocumentElement().getTextContent()).contains("last 2,000 scored records").contains("tenure");
    }

    @Test
    void should_scale_value_axes_in_round_steps() {
        assertThat(HtmlReport.step(0.25)).isEqualTo(0.5);
        assertThat(HtmlReport.step(3)).isEqualTo(5);
        assertThat(HtmlReport.step(120)).isEqualTo(200);
        assertThat(HtmlReport.step(0.2)).isEqualTo(0.2);
        assertThat(HtmlReport.step(0)).isEqualTo(1);
    }

    @Test
    void should_escape_text_in_the_html_view() {
        assertThat(HtmlReport.esc("<a & 'b'>")).isEqualTo("&lt;a &amp; &#39;b&#39;&gt;");
    }

    @Test
    void should_print_a_human_summary() {
        StringWriter out = new StringWriter();

        ConsumerSummary.print(summary(statsOfSixRecords()), new PrintWriter(out));

        assertThat(out.toString()).contains("batch summary (completed): consumed 6, predicted 4, dead-lettered 2")
                .contains("Month-to-month 100.0%").doesNotContain("drift");
    }

    @Test
    void should_print_the_drifted_inputs() throws Exception {
        assertThat(printedAfterShiftedRecords(1_000)).containsPattern("drift over the last 1000 scored records: score PSI "
                + "\\d+\\.\\d\\d, inputs above 0\\.2: .*tenure \\d+\\.\\d\\d").doesNotContain("too few");
    }

    @Test
    void should_say_there_is_no_churn_rate_when_every_record_was_dead_lettered() {
        RunStats stats = new RunStats();
        stats.record(input(1), new Outcome.DeadLettered(output(), ErrorType.PARSE_ERROR), 1_000_000);
        StringWriter out = new StringWriter();

        ConsumerSummary.print(summary(stats), new PrintWriter(out));

        assertThat(out.toString()).contains("consumed 1, predicted 0, dead-lettered 1")
                .contains("no prediction: no churn rate or latency to report")
                .doesNotContain("churn rate 0.0%").doesNotContain("scoring latency");
    }

    @Test
    void should_say_when_the_drift_window_holds_too_few_records_to_judge() throws Exception {
        assertThat(printedAfterShiftedRecords(40)).containsPattern("drift over the last 40 scored records: score PSI "
                + "\\d+\\.\\d\\d, inputs above 0\\.2: .+ \\(fewer than 1000 records: too few to tell drift from noise\\)");
    }

    /** The printed summary of a run that scored {@code n} shifted customers into a drift window. */
    private static String printedAfterShiftedRecords(int n) throws Exception {
        DriftWindow window = new DriftWindow(MODEL.referenceProfile().orElseThrow(), 2_000);
        StringWriter out = new StringWriter();
        ConsumerSummary.print(summary(scoredInto(window, SyntheticCustomers.Profile.SHIFTED, n), window), new PrintWriter(out));
        return out.toString();
    }

    @Test
    void should_count_predictions_per_model_version_and_show_refusals_and_the_shadow_s_agreement() throws Exception {
        RunStats stats = new RunStats();
        long now = 1_000_000;
        stats.record(input(0), scored("v1", 0.9, true, "Two year", 1_000, now), now);
        stats.record(input(1), scored("v1", 0.1, false, "Two year", 1_000, now), now);
        stats.record(input(2), scored("v2", 0.7, true, "Two year", 1_000, now), now + 10);
        var refusal = new ConsumerFigures.ModelRefusal("v3", "contract_mismatch", "no such field", "2026-11-30T12:00:00Z");
        var agreement = new ConsumerFigures.ShadowAgreement("v2", "v1", 2, 1, 0.5, 0.25, 0.4, 0, 0, 0);
        RunSummary<ConsumerFigures> summary = ConsumerSummary.of(stats, "batch", "completed",
                new ConsumerFigures.Settings("g", "raw", "out", "dlq", "at-least-once", "v2", "topic m", 0.5, 2, false),
                List.of(refusal), List.of(agreement), Optional.empty());

        JsonNode s = Json.parse(Files.readAllBytes(ConsumerSummary.write(summary, dir)));
        StringWriter out = new StringWriter();
        ConsumerSummary.print(summary, new PrintWriter(out));

        assertThat(s.get("predicted_by_model_version").toString()).isEqualTo("{\"v1\":2,\"v2\":1}");
        assertThat(s.get("model_source").asText()).isEqualTo("topic m");
        assertThat(s.at("/models_refused/0/reason").asText()).isEqualTo("contract_mismatch");
        assertThat(s.at("/shadow/0/model_version").asText()).isEqualTo("v2");
        assertThat(s.at("/shadow/0/shadow_of").asText()).isEqualTo("v1");
        assertThat(s.at("/shadow/0/label_agreement").asDouble()).isEqualTo(0.5);
        assertThat(s.at("/shadow/0/p99_abs_diff").asDouble()).isEqualTo(0.4);
        assertThat(out.toString()).contains("predictions by model version: v1 2, v2 1")
                .contains("refused model v3 (contract_mismatch): no such field")
                .contains("shadow v2 of v1: labels agree on 50.00% of 2, mean |dp| 0.2500, p99 |dp| 0.4000");
        String page = parse(HtmlReport.render(summary)).getDocumentElement().getTextContent();
        assertThat(page).contains("In use at the end: v2, from topic m").contains("v12").contains("v21")
                .contains("v3contract_mismatchno such field").contains("v2v1250.0%0.25000.4000");
    }

    private static RunStats statsOfSixRecords() {
        RunStats stats = new RunStats();
        long now = 1_000_000;
        stats.record(input(10), scored(0.9, true, "Month-to-month", 1_000_000, now - 100), now);
        stats.record(input(11), scored(0.8, true, "Month-to-month", 2_000_000, now - 200), now);
        stats.record(input(12), scored(0.1, false, "Two year", 3_000_000, now - 300), now);
        stats.record(input(13), scored(0.2, false, "Two year", 4_000_000, now - 400), now);
        stats.record(input(14), new Outcome.DeadLettered(output(), ErrorType.PARSE_ERROR), now);
        stats.record(input(15), new Outcome.DeadLettered(output(), ErrorType.VALIDATION_ERROR), now);
        return stats;
    }

    private static RunSummary<ConsumerFigures> summary(RunStats stats) {
        return ConsumerSummary.of(stats, "batch", "completed", settings());
    }

    private static RunSummary<ConsumerFigures> summary(RunStats stats, DriftWindow window) {
        return ConsumerSummary.of(stats, "batch", "completed", settings(), List.of(), List.of(), Optional.of(window));
    }

    private static ConsumerFigures.Settings settings() {
        return new ConsumerFigures.Settings("g", "raw", "out", "dlq", "at-least-once", "m-1", "bundled model", 0.5, 2, false);
    }

    /** {@code n} generated customers scored by the bundled model, into the run's figures and the drift window. */
    private static RunStats scoredInto(DriftWindow window, SyntheticCustomers.Profile profile, int n) throws Exception {
        SyntheticCustomers customers = new SyntheticCustomers(7, profile);
        RunStats stats = new RunStats();
        long now = 1_000_000;
        for (int i = 0; i < n; i++) {
            CustomerRecord c = customers.next();
            Score score = MODEL.score(c);
            window.record(c, score.probability());
            stats.record(input(i), new Outcome.Scored(output(), c, "m-1", score.probability(),
                    "Yes".equals(score.label()), 1_000, now - 10), now);
        }
        return stats;
    }

    private static Element svgById(Document doc, String id) {
        NodeList charts = doc.getElementsByTagNameNS(SVG, "svg");
        for (int i = 0; i < charts.getLength(); i++) {
            if (id.equals(((Element) charts.item(i)).getAttribute("id"))) {
                return (Element) charts.item(i);
            }
        }
        throw new AssertionError("no chart with id " + id);
    }

    private static Element bar(NodeList bars, String name) {
        for (int i = 0; i < bars.getLength(); i++) {
            if (bars.item(i).getTextContent().startsWith(name + ":")) {
                return (Element) bars.item(i);
            }
        }
        throw new AssertionError("no bar for " + name);
    }

    private static Document parse(String page) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Element svg) {
        NodeList nodes = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    private static Outcome.Scored scored(double p, boolean churn, String contract, long nanos, long eventMillis) {
        return scored("m-1", p, churn, contract, nanos, eventMillis);
    }

    private static Outcome.Scored scored(String version, double p, boolean churn, String contract, long nanos,
                                         long eventMillis) {
        CustomerRecord customer = CustomerRecord.builder().set(CustomerFields.CONTRACT, contract).build();
        return new Outcome.Scored(output(), customer, version, p, churn, nanos, eventMillis);
    }

    private static ProducerRecord<byte[], byte[]> output() {
        return new ProducerRecord<>("out", new byte[0]);
    }

    private static ConsumerRecord<byte[], byte[]> input(long offset) {
        return new ConsumerRecord<>("raw", 0, offset, new byte[0], new byte[0]);
    }
}
