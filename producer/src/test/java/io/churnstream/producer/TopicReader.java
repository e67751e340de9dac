package io.churnstream.producer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;

/** Reads a whole topic of customer records back for assertions. */
final class TopicReader {

    /** One record as read back: key and parsed value. */
    record Read(String key, CustomerRecord value) {
    }

    private TopicReader() {
    }

    static List<Read> readAll(String bootstrap, String topic, boolean readCommitted) {
        return new TopicIO(bootstrap).readAll(topic, readCommitted).stream().map(r -> {
            try {
                return new Read(TopicIO.key(r), Json.read(r.value(), CustomerRecord.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not a customer record at offset " + r.offset(), e);
            }
        }).toList();
    }
}
