package io.churnstream.producer.source;

import java.nio.charset.CharacterCodingException;

/**
 * A data line of a CSV file as read, not parsed yet, so that parsing can happen on another thread than reading: its
 * 0-based index among data rows, its 1-based line in the file, and its bytes (UTF-8, no terminator).
 */
public record CsvLine(long index, long line, byte[] bytes) implements InputRow {

    /** The row this line holds, parsed with {@code csv}: a record, or why there is none. */
    public SourceRow parse(CustomerCsv csv) {
        String text;
        try {
            text = LineReader.decode(bytes);
        } catch (CharacterCodingException e) {
            return new SourceRow(index, line, null, "invalid UTF-8 bytes");
        }
        try {
            return new SourceRow(index, line, csv.parse(text), null);
        } catch (CustomerCsv.RowException e) {
            return new SourceRow(index, line, null, e.getMessage());
        }
    }
}
