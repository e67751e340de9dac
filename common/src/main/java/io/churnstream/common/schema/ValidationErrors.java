package io.churnstream.common.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import io.churnstream.common.json.Json;

/** Turns a schema violation into {@code field: problem, got value}. */
final class ValidationErrors {

    private static final String ROOT = "(message)";

    private ValidationErrors() {
    }

    static String describe(ValidationMessage m) {
        String field = field(m);
        JsonNode rule = m.getSchemaNode();
        JsonNode got = m.getInstanceNode();
        String keyword = m.getType();
        return switch (keyword) {
            case "required" -> join(field, m.getProperty()) + ": is required";
            case "minimum" -> field + ": must be >= " + rule.asText() + ", got " + shown(got);
            case "maximum" -> field + ": must be <= " + rule.asText() + ", got " + shown(got);
            case "enum" -> field + ": must be one of " + rule + ", got " + shown(got);
            case "type" -> field + ": must be of type " + typeText(rule) + ", got " + Json.typeName(got) + " " + shown(got);
            case "pattern" -> field + ": must match " + rule.asText() + ", got " + shown(got);
            case "format" -> field + ": must be a " + rule.asText() + ", got " + shown(got);
            case "additionalProperties" -> join(field, m.getProperty()) + ": is not allowed";
            default -> field + ": " + stripPath(m.getMessage());
        };
    }

    private static String field(ValidationMessage m) {
        String path = m.getInstanceLocation().toString();
        if (path.startsWith("$")) {
            path = path.substring(1);
        }
        if (path.startsWith("/") || path.startsWith(".")) {
            path = path.substring(1);
        }
        return path.isEmpty() ? ROOT : path.replace('/', '.');
    }

    private static String join(String parent, String property) {
        if (property == null) {
            return parent;
        }
        return parent.equals(ROOT) ? property : parent + "." + property;
    }

    private static String shown(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static String typeText(JsonNode rule) {
        return rule.isArray() ? rule.toString() : rule.asText();
    }

    private static String stripPath(String message) {
        int colon = message.indexOf(": ");
        return colon >= 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
    }
}
