package io.churnstream.common.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerFields.Field;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.DecimalText;

/**
 * Customers as JSON objects, field by field of their {@link CustomerFields} table: keys in table order; a null
 * value left out, except a number, which is written as {@code null} so that no model input is ever missing.
 * Reading takes a number where the schema allows text ({@code "29.85"}, blank for unknown) too, and skips
 * fields the table does not name. Registered with {@link Json}'s mapper.
 */
public final class CustomerJackson {

    private CustomerJackson() {
    }

    /** Writes {@code r}; a number whose field is set in {@code asText} goes out as decimal text, blank when unknown. */
    public static void write(JsonGenerator g, CustomerRecord r, boolean[] asText) throws IOException {
        g.writeStartObject();
        for (Field f : r.fields().all()) {
            Object value = r.get(f);
            if (f.kind() == CustomerFields.Kind.NUMBER) {
                g.writeFieldName(f.name());
                if (asText != null && asText[f.index()]) {
                    g.writeString(DecimalText.format((Double) value));
                } else if (value == null) {
                    g.writeNull();
                } else {
                    g.writeNumber((Double) value);
                }
            } else if (value instanceof Integer i) {
                g.writeNumberField(f.name(), i);
            } else if (value != null) {
                g.writeStringField(f.name(), (String) value);
            }
        }
        g.writeEndObject();
    }

    /** Reads one object of {@code fields}' customer; the parser stands on its start. */
    public static CustomerRecord read(JsonParser p, CustomerFields fields, DeserializationContext context)
            throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return (CustomerRecord) context.handleUnexpectedToken(CustomerRecord.class, p);
        }
        Object[] values = new Object[fields.size()];
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            Field f = fields.find(p.currentName());
            JsonToken value = p.nextToken();
            if (f == null) {
                p.skipChildren();
            } else if (value != JsonToken.VALUE_NULL) {
                values[f.index()] = value(f, value, p, context);
            }
        }
        return CustomerRecord.of(fields, values);
    }

    private static Object value(Field f, JsonToken t, JsonParser p, DeserializationContext context) throws IOException {
        switch (f.kind()) {
            case INTEGER -> {
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    return p.getIntValue();
                }
            }
            case NUMBER -> {
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return p.getDoubleValue();
                }
                if (t == JsonToken.VALUE_STRING) {
                    try {
                        return DecimalText.parse(p.getText());
                    } catch (NumberFormatException e) {
                        return context.handleWeirdStringValue(Double.class, p.getText(), f.name() + " is no number");
                    }
                }
            }
            default -> {
                if (t == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
            }
        }
        return context.reportInputMismatch(CustomerRecord.class, "%s: unexpected %s", f.name(), t);
    }

    static Module module() {
        return new SimpleModule("churnstream-customers")
                .addSerializer(CustomerRecord.class, new Serializer())
                .addDeserializer(CustomerRecord.class, new Deserializer());
    }

    private static final class Serializer extends StdSerializer<CustomerRecord> {
        private static final long serialVersionUID = 1L;

        Serializer() {
            super(CustomerRecord.class);
        }

        @Override
        public void serialize(CustomerRecord r, JsonGenerator g, SerializerProvider provider) throws IOException {
            write(g, r, null);
        }
    }

    private static final class Deserializer extends StdDeserializer<CustomerRecord> {
        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(CustomerRecord.class);
        }

        @Override
        public CustomerRecord deserialize(JsonParser p, DeserializationContext context) throws IOException {
            return read(p, CustomerFields.TELCO, context);
        }
    }
}
