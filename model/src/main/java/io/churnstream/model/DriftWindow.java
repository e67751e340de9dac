package io.churnstream.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.churnstream.common.record.CustomerFields.Field;
import io.churnstream.common.record.CustomerRecord;

/**
 * The last {@code capacity} scored records, binned like the {@link ReferenceProfile}, and the population stability
 * index of each input and of the score against it. Each record costs one bin lookup per input and a few counter
 * updates: a ring buffer keeps the bin indices, so the oldest record's bins are subtracted when it is evicted and
 * nothing is allocated per record. Thread-safe: the scoring loop records while the metrics endpoint reads.
 */
public final class DriftWindow {

    /** The window of the consumer's drift metrics when none is given. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** A PSI above this is a moderate shift of the population; below it, the population is stable. */
    public static final double MODERATE_PSI = 0.1;
    /** A PSI above this is a significant shift, the level the drift alerts fire at. */
    public static final double SIGNIFICANT_PSI = 0.2;
    /** Below this many records a window is too small to tell drift from noise (the alerts wait for as many). */
    public static final int MIN_RECORDS = 1_000;

    private final Field[] fields;
    private final Binning[] binnings;
    private final List<String> features;
    private final Map<String, Integer> column;
    private final int capacity;
    private final byte[] ring;
    private final int[][] counts;
    private int next;
    private int size;

    public DriftWindow(ReferenceProfile reference, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the drift window needs at least one record, got " + capacity);
        }
        this.fields = reference.fields().toArray(Field[]::new);
        this.features = reference.features();
        this.binnings = new Binning[fields.length + 1];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < fields.length; i++) {
            binnings[i] = reference.binnings().get(i);
            index.put(binnings[i].name(), i);
        }
        binnings[fields.length] = reference.score();
        this.column = Map.copyOf(index);
        this.capacity = capacity;
        this.ring = new byte[Math.multiplyExact(capacity, binnings.length)];
        this.counts = new int[binnings.length][];
        for (int c = 0; c < binnings.length; c++) {
            if (binnings[c].bins() > Byte.MAX_VALUE) {
                throw new IllegalArgumentException(binnings[c].name() + " has more than " + Byte.MAX_VALUE + " bins");
            }
            counts[c] = new int[binnings[c].bins()];
        }
    }

    /** Adds a scored customer and its P(Churn = "Yes"), evicting the oldest record once the window is full. */
    public synchronized void record(CustomerRecord customer, double probability) {
        add(customer, probability);
    }

    /** {@link #record} for each customer in turn, with the first {@code customers.size()} probabilities, under one lock. */
    public synchronized void record(List<CustomerRecord> customers, double[] probabilities) {
        for (int i = 0; i < customers.size(); i++) {
            add(customers.get(i), probabilities[i]);
        }
    }

    private void add(CustomerRecord customer, double probability) {
        int base = next * binnings.length;
        boolean evict = size == capacity;
        for (int c = 0; c < binnings.length; c++) {
            if (evict) {
                counts[c][ring[base + c]]--;
            }
            int bin = c < fields.length ? binnings[c].index(customer.get(fields[c])) : binnings[c].index(probability);
            ring[base + c] = (byte) bin;
            counts[c][bin]++;
        }
        next = next + 1 == capacity ? 0 : next + 1;
        if (!evict) {
            size++;
        }
    }

    /** Records in the window, at most the capacity. */
    public synchronized int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** The profiled inputs, as dataset column names. */
    public List<String> features() {
        return features;
    }

    /** The PSI of one input over the window; NaN while the window is empty. */
    public synchronized double featurePsi(String feature) {
        Integer c = column.get(feature);
        if (c == null) {
            throw new IllegalArgumentException("no reference profile for feature '" + feature + "'");
        }
        return Psi.of(binnings[c].expected(), counts[c], size);
    }

    /** The PSI of the predicted probability over the window; NaN while the window is empty. */
    public synchronized double scorePsi() {
        int c = binnings.length - 1;
        return Psi.of(binnings[c].expected(), counts[c], size);
    }

    /** Every input's PSI, in {@link #features()} order. */
    public synchronized Map<String, Double> featurePsi() {
        Map<String, Double> psi = new LinkedHashMap<>();
        for (int c = 0; c < binnings.length - 1; c++) {
            psi.put(binnings[c].name(), Psi.of(binnings[c].expected(), counts[c], size));
        }
        return psi;
    }
}
