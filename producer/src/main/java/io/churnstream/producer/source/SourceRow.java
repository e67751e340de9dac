package io.churnstream.producer.source;

import io.churnstream.common.record.CustomerRecord;

/** One data row: its 0-based index among data rows, its 1-based line in the file, and the record or why there is none. */
public record SourceRow(long index, long line, CustomerRecord record, String error) implements InputRow {

    public boolean ok() {
        return record != null;
    }
}
