package io.churnstream.producer.source;

/** A row as a source hands it over: parsed already ({@link SourceRow}), or a CSV line still to parse ({@link CsvLine}). */
public sealed interface InputRow permits SourceRow, CsvLine {

    /** The row's 0-based index among data rows. */
    long index();
}
