package io.churnstream.producer.source;

import io.churnstream.common.synthetic.SyntheticCustomers;

/** {@code rows} synthetic customers from the seeded generator, for runs without {@code --input}. */
public final class GeneratedCustomerSource implements CustomerSource {

    private final SyntheticCustomers generator;
    private final long rows;
    private long index;

    public GeneratedCustomerSource(long seed, long rows, long skipTo) {
        this.generator = new SyntheticCustomers(seed);
        this.rows = rows;
        while (index < Math.min(skipTo, rows)) {
            generator.next();
            index++;
        }
    }

    @Override
    public SourceRow next() {
        if (index >= rows) {
            return null;
        }
        long i = index++;
        return new SourceRow(i, i + 2, generator.next(), null);
    }

    @Override
    public double progress() {
        return rows == 0 ? 1.0 : (double) index / rows;
    }

    @Override
    public void close() {
    }
}
