package io.churnstream.producer.source;

import java.io.IOException;

/** Data rows in order; {@link #next()} returns null at the end. Rows before {@code skipTo} are skipped unparsed. */
public interface CustomerSource extends AutoCloseable {

    SourceRow next() throws IOException;

    /**
     * The next row as cheaply as the source can hand it over, possibly still unparsed, so that a caller may parse it
     * on another thread; null at the end. Rows come from {@link #next()} unless the source has something cheaper.
     */
    default InputRow nextInput() throws IOException {
        return next();
    }

    /** Fraction of the input consumed, 0..1, or -1 when unknown. */
    double progress();

    @Override
    void close() throws IOException;
}
