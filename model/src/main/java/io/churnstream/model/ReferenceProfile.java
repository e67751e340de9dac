package io.churnstream.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerFields.Field;

/**
 * What the model's training population looked like, from the model card's {@code reference_profile} (written by
 * model/train.py): binned shares of each numeric input, category shares of each categorical input, and binned
 * shares of the predicted probability. A {@link DriftWindow} compares live traffic with it.
 */
public final class ReferenceProfile {

    private final List<Field> fields;
    private final List<Binning> features;
    private final Binning score;

    private ReferenceProfile(List<Field> fields, List<Binning> features, Binning score) {
        this.fields = List.copyOf(fields);
        this.features = List.copyOf(features);
        this.score = score;
    }

    /** Parses the card's {@code reference_profile} object; {@code where} names the card in errors. */
    static ReferenceProfile read(JsonNode profile, String where) {
        List<Field> fields = new ArrayList<>();
        List<Binning> features = new ArrayList<>();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = profile.path("numeric").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.add(field(e.getKey(), true, where));
                features.add(Binning.numeric(e.getKey(), doubles(e.getValue().path("edges")),
                        doubles(e.getValue().path("fractions")), e.getValue().path("missing").asDouble(0)));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = profile.path("categorical").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.add(field(e.getKey(), false, where));
                List<String> categories = new ArrayList<>();
                e.getValue().path("categories").forEach(c -> categories.add(c.asText()));
                features.add(Binning.categorical(e.getKey(), categories, doubles(e.getValue().path("fractions"))));
            }
            JsonNode score = profile.path("score");
            if (features.isEmpty() || score.isMissingNode()) {
                throw new IllegalArgumentException("it has no features or no score");
            }
            return new ReferenceProfile(fields, features, Binning.numeric("score", doubles(score.path("edges")),
                    doubles(score.path("fractions")), 0));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("model card " + where + " has an invalid reference_profile: " + e.getMessage(), e);
        }
    }

    private static Field field(String column, boolean numeric, String where) {
        Field field = CustomerFields.TELCO.find(column);
        if (field == null) {
            throw new IllegalArgumentException("'" + column + "' is not a customer field");
        }
        if (field.numeric() != numeric) {
            throw new IllegalArgumentException("'" + column + "' is listed as " + (numeric ? "numeric" : "categorical"));
        }
        return field;
    }

    private static double[] doubles(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("expected an array of numbers, got " + array);
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            if (!array.get(i).isNumber()) {
                throw new IllegalArgumentException("expected a number, got " + array.get(i));
            }
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    /** The profiled input columns (dataset column names), in the card's order. */
    public List<String> features() {
        return features.stream().map(Binning::name).toList();
    }

    List<Field> fields() {
        return fields;
    }

    List<Binning> binnings() {
        return features;
    }

    Binning score() {
        return score;
    }
}
