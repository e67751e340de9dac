package io.churnstream.producer.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads physical lines as bytes, leaving decoding to {@link #decode}, which is strict, so one bad byte spoils one line
 * (reported by number) instead of the whole file. Constant memory apart from the longest line.
 */
final class LineReader implements AutoCloseable {

    /** One physical line: its 1-based number and its bytes without the terminator. */
    record Line(long number, byte[] bytes) {
    }

    private final InputStream in;
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
        return new Line(number, Arrays.copyOf(line, length));
    }

    /** The text of a line's UTF-8 bytes; pure ASCII lines, the usual case, skip the decoder. */
    static String decode(byte[] bytes) throws CharacterCodingException {
        for (byte b : bytes) {
            if (b < 0) {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Whether a line holds nothing but whitespace, as {@link String#isBlank()} says of its text; not when undecodable. */
    static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                try {
                    return decode(bytes).isBlank();
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
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
