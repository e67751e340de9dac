package io.churnstream.producer.source;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.churnstream.common.cli.UsageException;

/** Streams a Telco CSV from disk row by row (constant memory); unreadable rows come back as errors with their line. */
public final class CsvCustomerSource implements CustomerSource {

    private final LineReader lines;
    private final CustomerCsv csv = new CustomerCsv();
    private final long size;
    private final long skipTo;
    private long index;

    private CsvCustomerSource(LineReader lines, long size, long skipTo) {
        this.lines = lines;
        this.size = size;
        this.skipTo = skipTo;
    }

    /** Opens {@code file}, checks its header, and positions before data row {@code skipTo}. */
    public static CsvCustomerSource open(Path file, long skipTo) {
        LineReader reader;
        try {
            reader = new LineReader(Files.newInputStream(file));
            LineReader.Line header = reader.next();
            if (header == null || !CustomerCsv.isHeader(headerText(header))) {
                reader.close();
                throw new UsageException(file + " is not a Telco customer CSV: the first line must be the header "
                        + CustomerCsv.HEADER);
            }
            return new CsvCustomerSource(reader, Files.size(file), skipTo);
        } catch (NoSuchFileException e) {
            throw new UsageException("input file " + file + " does not exist: check --input");
        } catch (IOException e) {
            throw new UsageException("cannot read input file " + file + ": " + e.getMessage());
        }
    }

    @Override
    public SourceRow next() throws IOException {
        CsvLine l = nextInput();
        return l == null ? null : l.parse(csv);
    }

    /** The next data line, unparsed: blank lines and the lines before {@code skipTo} are passed over. */
    @Override
    public CsvLine nextInput() throws IOException {
        while (true) {
            LineReader.Line l = lines.next();
            if (l == null) {
                return null;
            }
            if (LineReader.isBlank(l.bytes())) {
                continue;
            }
            long i = index++;
            if (i >= skipTo) {
                return new CsvLine(i, l.number(), l.bytes());
            }
        }
    }

    private static String headerText(LineReader.Line header) {
        try {
            return LineReader.decode(header.bytes());
        } catch (CharacterCodingException e) {
            return "";
        }
    }

    @Override
    public double progress() {
        return size == 0 ? 1.0 : Math.min(1.0, (double) lines.bytesRead() / size);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
