package io.churnstream.common.record;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

/**
 * A number that may also arrive as text, as the earlier producer writes {@code TotalCharges}: {@code "29.85"} is
 * 29.85 and a blank string means unknown. Which strings are allowed is the customer schema's business.
 */
public final class DecimalText {

    private DecimalText() {
    }

    /** The plain decimal text of {@code value} ({@code 1889.5}, {@code 20}), or a blank for unknown, as the dataset writes it. */
    public static String format(Double value) {
        return value == null ? " " : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** The value of a decimal string, or null when it is blank. */
    public static Double parse(String text) {
        return text.isBlank() ? null : Double.valueOf(text.strip());
    }

    /** Jackson's reading of such a field: a number, a decimal string, a blank string or null. */
    static final class Deserializer extends StdDeserializer<Double> {
        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(Double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext context) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING) {
                try {
                    return parse(p.getText());
                } catch (NumberFormatException e) {
                    return (Double) context.handleWeirdStringValue(Double.class, p.getText(), "not a decimal number");
                }
            }
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                return p.getDoubleValue();
            }
            return (Double) context.handleUnexpectedToken(Double.class, p);
        }
    }
}
