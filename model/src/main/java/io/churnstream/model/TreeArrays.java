package io.churnstream.model;

import java.util.List;

import org.dmg.pmml.Predicate;
import org.dmg.pmml.SimplePredicate;
import org.dmg.pmml.True;
import org.dmg.pmml.tree.Node;

/**
 * Regression trees flattened into parallel arrays: each node tests one slot against one operand, and evaluation
 * follows PMML's "first child whose predicate is true, else this node's score" (noTrueChildStrategy
 * returnLastPrediction). Slots hold numbers, or category codes for categorical fields.
 */
final class TreeArrays {

    private static final byte TRUE = 0;
    private static final byte EQUAL = 1;
    private static final byte NOT_EQUAL = 2;
    private static final byte LESS_THAN = 3;
    private static final byte LESS_OR_EQUAL = 4;
    private static final byte GREATER_THAN = 5;
    private static final byte GREATER_OR_EQUAL = 6;

    /** Resolves a predicate's field and value to a slot and a numeric operand (a category code when categorical). */
    interface Operands {
        int slot(String field);

        double operand(String field, Object value);
    }

    private final int[] roots;
    private final int[] firstChild;
    private final int[] nextSibling;
    private final int[] slot;
    private final byte[] op;
    private final double[] operand;
    private final double[] score;
    private int size;

    TreeArrays(List<Node> treeRoots, Operands operands) {
        int nodes = treeRoots.stream().mapToInt(TreeArrays::count).sum();
        firstChild = new int[nodes];
        nextSibling = new int[nodes];
        slot = new int[nodes];
        op = new byte[nodes];
        operand = new double[nodes];
        score = new double[nodes];
        roots = new int[treeRoots.size()];
        for (int t = 0; t < roots.length; t++) {
            Node root = treeRoots.get(t);
            if (!(root.getPredicate() instanceof True)) {
                throw new UnsupportedModelException("tree root with a predicate other than True");
            }
            roots[t] = add(root, operands);
        }
    }

    int trees() {
        return roots.length;
    }

    /** The score of tree {@code t} for the slot values {@code x}. */
    double score(int t, double[] x) {
        int node = roots[t];
        descend:
        while (true) {
            for (int child = firstChild[node]; child >= 0; child = nextSibling[child]) {
                if (test(child, x[slot[child]])) {
                    node = child;
                    continue descend;
                }
            }
            return score[node];
        }
    }

    private boolean test(int node, double value) {
        double b = operand[node];
        return switch (op[node]) {
            case TRUE -> true;
            case EQUAL -> value == b;
            case NOT_EQUAL -> value != b;
            case LESS_THAN -> value < b;
            case LESS_OR_EQUAL -> value <= b;
            case GREATER_THAN -> value > b;
            case GREATER_OR_EQUAL -> value >= b;
            default -> throw new IllegalStateException("operator " + op[node]);
        };
    }

    private int add(Node node, Operands operands) {
        if (node.getScore() == null) {
            throw new UnsupportedModelException("tree node without a score");
        }
        int index = size++;
        score[index] = Double.parseDouble(String.valueOf(node.getScore()));
        setPredicate(index, node.getPredicate(), operands);
        firstChild[index] = -1;
        nextSibling[index] = -1;
        if (node.hasNodes()) {
            int previous = -1;
            for (Node child : node.getNodes()) {
                int c = add(child, operands);
                if (previous < 0) {
                    firstChild[index] = c;
                } else {
                    nextSibling[previous] = c;
                }
                previous = c;
            }
        }
        return index;
    }

    private void setPredicate(int index, Predicate predicate, Operands operands) {
        if (predicate instanceof True) {
            op[index] = TRUE;
            return;
        }
        if (!(predicate instanceof SimplePredicate simple)) {
            throw new UnsupportedModelException("tree predicate " + predicate.getClass().getSimpleName());
        }
        op[index] = switch (simple.getOperator()) {
            case EQUAL -> EQUAL;
            case NOT_EQUAL -> NOT_EQUAL;
            case LESS_THAN -> LESS_THAN;
            case LESS_OR_EQUAL -> LESS_OR_EQUAL;
            case GREATER_THAN -> GREATER_THAN;
            case GREATER_OR_EQUAL -> GREATER_OR_EQUAL;
            default -> throw new UnsupportedModelException("tree predicate operator " + simple.getOperator());
        };
        slot[index] = operands.slot(simple.getField());
        operand[index] = operands.operand(simple.getField(), simple.getValue());
    }

    private static int count(Node node) {
        return 1 + (node.hasNodes() ? node.getNodes().stream().mapToInt(TreeArrays::count).sum() : 0);
    }
}
