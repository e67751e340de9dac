package io.churnstream.producer.send;

import java.util.List;

import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.schema.MessageValidator;
import io.churnstream.producer.source.SourceRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decides whether a row may be sent and reports each rejected one with its line number (stderr and log file). */
public final class RowReporter {

    private static final Logger LOG = LoggerFactory.getLogger(RowReporter.class);

    private final boolean validate;

    public RowReporter(boolean validate) {
        this.validate = validate;
    }

    /** Whether rows are checked against the customer schema, which needs each row as a record. */
    public boolean validates() {
        return validate;
    }

    /** The reasons to reject {@code row}; empty when it may be sent. */
    public List<String> problems(SourceRow row) {
        if (!row.ok()) {
            return List.of(row.error());
        }
        return validate ? MessageValidator.customer().validateValue(row.record()) : List.of();
    }

    public void rejected(SourceRow row, List<String> reasons) {
        CustomerRecord r = row.record();
        LOG.warn("line {}: rejected{}: {}", row.line(), r == null ? "" : " " + r.customerId(), String.join("; ", reasons));
    }
}
