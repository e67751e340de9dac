package io.churnstream.producer.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads physical lines as bytes and decodes each with a strict UTF-8 decoder, so one bad byte spoils one line
 * (reported by number) instead of the whole file; pure ASCII lines, the usual case, skip the decoder. Constant memory
 * apart from the longest line.
 */
final class LineReader implements AutoCloseable {

    /** One physical line: its 1-based number, its text, or why it could not be decoded. */
    record Line(long number, String text, String error) {
    }

    /** What US-ASCII decoding puts for each byte above 127: its absence proves the line was pure ASCII. */
    private static final char REPLACEMENT = '\uFFFD';

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private long number;
    private long bytesRead;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end of the input. */
    Line next() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
                bytesRead += limit;
            }
            any = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
            }
            System.arraycopy(buffer, start, line, length, n);
            length += n;
            if (pos < limit) {
                pos++;
                break;
            }
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        number++;
        String ascii = new String(line, 0, length, StandardCharsets.US_ASCII);
        if (ascii.indexOf(REPLACEMENT) < 0) {
            return new Line(number, ascii, null);
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, 0, length));
            return new Line(number, chars.toString(), null);
        } catch (CharacterCodingException e) {
            return new Line(number, null, "invalid UTF-8 bytes");
        }
    }

    /** Bytes consumed from the input so far (read ahead by at most one buffer). */
    long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
