package io.churnstream.consumer.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.ErrorType;
import io.churnstream.consumer.pipeline.Outcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class RunSummaryTest {

    @TempDir
    Path dir;

    @Test
    void should_write_json_with_counts_rates_latencies_and_partitions() throws Exception {
        RunStats stats = statsOfSixRecords();

        Path json = RunSummary.of(stats, context()).write(dir);

        assertThat(json.getFileName().toString()).matches("batch_summary_\\d{8}T\\d{6}Z\\.json");
        JsonNode s = Json.parse(Files.readAllBytes(json));
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
        for (String key : new String[]{"throughput_per_s", "duration_s", "started_ts", "finished_ts", "probability_histogram"}) {
            assertThat(s.has(key)).as(key).isTrue();
        }
    }

    @Test
    void should_write_a_well_formed_html_view_with_inline_svg_and_no_scripts() throws Exception {
        Path json = RunSummary.of(statsOfSixRecords(), context()).write(dir);
        Path html = dir.resolve(json.getFileName().toString().replace(".json", ".html"));

        String page = Files.readString(html, StandardCharsets.UTF_8);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));

        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect").getLength()).isGreaterThanOrEqualTo(22);
        assertThat(page).doesNotContain("<script").doesNotContain("http://cdn").contains("Month-to-month").contains("p99");
    }

    @Test
    void should_escape_text_in_the_html_view() {
        assertThat(HtmlReport.esc("<a & 'b'>")).isEqualTo("&lt;a &amp; &#39;b&#39;&gt;");
    }

    @Test
    void should_print_a_human_summary() {
        StringWriter out = new StringWriter();

        RunSummary.of(statsOfSixRecords(), context()).print(new PrintWriter(out));

        assertThat(out.toString()).contains("consumed 6, predicted 4, dead-lettered 2").contains("Month-to-month 100.0%");
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

    private static Map<String, Object> context() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mode", "batch");
        c.put("outcome", "completed");
        c.put("consumer_group", "g");
        c.put("model_version", "m-1");
        return c;
    }

    private static Outcome.Scored scored(double p, boolean churn, String contract, long nanos, long eventMillis) {
        CustomerRecord customer = CustomerRecord.builder().set(CustomerFields.CONTRACT, contract).build();
        return new Outcome.Scored(output(), customer, "m-1", p, churn, nanos, eventMillis);
    }

    private static ProducerRecord<byte[], byte[]> output() {
        return new ProducerRecord<>("out", new byte[0]);
    }

    private static ConsumerRecord<byte[], byte[]> input(long offset) {
        return new ConsumerRecord<>("raw", 0, offset, new byte[0], new byte[0]);
    }
}
