package io.churnstream.producer.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;
import org.junit.jupiter.api.Test;

class CustomerJsonTest {

    private final ObjectWriter reference = Json.writerFor(CustomerRecord.class);
    private final CustomerJson json = new CustomerJson();

    @Test
    void should_write_the_same_bytes_as_the_databind_writer() throws Exception {
        SyntheticCustomers gen = new SyntheticCustomers(11);
        for (int i = 0; i < 5_000; i++) {
            CustomerRecord c = gen.next().withEventTs(i % 7 == 0 ? null : "2026-11-25T10:00:00.123Z");
            assertThat(json.write(c)).isEqualTo(reference.writeValueAsBytes(c));
        }
    }

    @Test
    void should_escape_and_leave_out_nulls_like_the_databind_writer() throws Exception {
        CustomerRecord odd = new CustomerRecord("0001-\"Q\\", "F\u00e9male\n", null, "Yes\t\b\f\r/", "\u0001No\u001f\u007f", 0,
                "\u2603 \ud83d\ude00", null,
                "Fiber optic", "No", "No", "No", "No", "No", "No", "Month-to-month", "Yes", "Check, \"e\"",
                1e-7, 123456789.125, null, null);
        assertThat(json.write(odd)).isEqualTo(reference.writeValueAsBytes(odd));
        CustomerRecord nan = odd.withEventTs("x");
        nan = new CustomerRecord(nan.customerId(), nan.gender(), 1, nan.partner(), nan.dependents(), 2, nan.phoneService(),
                "No", nan.internetService(), nan.onlineSecurity(), nan.onlineBackup(), nan.deviceProtection(),
                nan.techSupport(), nan.streamingTv(), nan.streamingMovies(), nan.contract(), nan.paperlessBilling(),
                nan.paymentMethod(), Double.NaN, Double.POSITIVE_INFINITY, "No", "y");
        assertThat(json.write(nan)).isEqualTo(reference.writeValueAsBytes(nan));
        assertThat(json.write(odd)).as("the writer is reusable after any record").isEqualTo(reference.writeValueAsBytes(odd));
    }

    @Test
    void should_escape_lone_surrogates_as_the_databind_writer_does() throws Exception {
        CustomerRecord lone = new SyntheticCustomers(3).next().withEventTs("\ud83d!\ude00");
        assertThat(json.write(lone)).isEqualTo(reference.writeValueAsBytes(lone));
    }

    @Test
    void should_write_values_beyond_the_cache_of_a_column() throws Exception {
        SyntheticCustomers gen = new SyntheticCustomers(5);
        for (int i = 0; i < 40; i++) {
            CustomerRecord c = gen.next();
            c = new CustomerRecord(c.customerId(), "g" + i, c.seniorCitizen(), c.partner(), c.dependents(), -i,
                    c.phoneService(), c.multipleLines(), c.internetService(), c.onlineSecurity(), c.onlineBackup(),
                    c.deviceProtection(), c.techSupport(), c.streamingTv(), c.streamingMovies(), c.contract(),
                    c.paperlessBilling(), "method " + (i % 11), -0.0, 1e21 * i, "x\"" + i, "t");
            assertThat(json.write(c)).isEqualTo(reference.writeValueAsBytes(c));
        }
    }
}
