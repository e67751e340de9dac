package io.churnstream.common.record;

import java.math.BigDecimal;

/**
 * A number that may also travel as text, as the earlier producer writes {@code TotalCharges}: {@code "29.85"} is
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
}
