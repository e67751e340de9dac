package io.churnstream.producer.source;

import java.io.IOException;
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
            if (header == null || header.text() == null || !CustomerCsv.isHeader(header.text())) {
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
        while (true) {
            LineReader.Line l = lines.next();
            if (l == null) {
                return null;
            }
            if (l.text() != null && l.text().isBlank()) {
                continue;
            }
            long i = index++;
            if (i < skipTo) {
                continue;
            }
            if (l.error() != null) {
                return new SourceRow(i, l.number(), null, l.error());
            }
            try {
                return new SourceRow(i, l.number(), csv.parse(l.text()), null);
            } catch (CustomerCsv.RowException e) {
                return new SourceRow(i, l.number(), null, e.getMessage());
            }
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
