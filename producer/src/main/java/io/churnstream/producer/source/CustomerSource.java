package io.churnstream.producer.source;

import java.io.IOException;

/** Data rows in order; {@link #next()} returns null at the end. Rows before {@code skipTo} are skipped unparsed. */
public interface CustomerSource extends AutoCloseable {

    SourceRow next() throws IOException;

    /** Fraction of the input consumed, 0..1, or -1 when unknown. */
    double progress();

    @Override
    void close() throws IOException;
}
