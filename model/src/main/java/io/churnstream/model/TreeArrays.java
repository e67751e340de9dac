package io.churnstream.model;

import java.util.ArrayList;
import java.util.List;

import org.dmg.pmml.Predicate;
import org.dmg.pmml.SimplePredicate;
import org.dmg.pmml.True;
import org.dmg.pmml.tree.Node;

/**
 * Regression trees flattened into arrays that are walked without branching on the data. PMML's rule, "the first
 * child whose predicate is true, else this node's score" (noTrueChildStrategy returnLastPrediction), is rewritten as
 * binary tests: a child's predicate holds, or the next sibling is tried, and after the last sibling the node's score
 * is the leaf. Every test is an interval, {@code lo <= x <= hi}, which is exactly each of PMML's comparisons for every
 * double, NaN and the infinities included (a not-equal test is an equal test with its branches swapped), and every
 * tree is padded to the same depth with tests whose both branches lead to the same place. A walk is then a fixed
 * number of steps, each choosing the next node by the test's outcome as an index. Slots hold numbers, or category
 * codes for categorical fields.
 */
final class TreeArrays {

    /** Resolves a predicate's field and value to a slot and a numeric operand (a category code when categorical). */
    interface Operands {
        int slot(String field);

        double operand(String field, Object value);
    }

    /** A tree in binary form: a leaf, or a test with where to go when it holds and when it does not. */
    private sealed interface Binary permits Leaf, Test {
        int depth();
    }

    private record Leaf(double score) implements Binary {
        @Override
        public int depth() {
            return 0;
        }
    }

    private record Test(int slot, double lo, double hi, Binary holds, Binary fails) implements Binary {
        @Override
        public int depth() {
            return 1 + Math.max(holds.depth(), fails.depth());
        }
    }

    private final int[] roots;
    private final int depth;
    private final int[] slot;
    /** Per test node n: {@code bounds[2n]} is lo and {@code bounds[2n + 1]} is hi. */
    private final double[] bounds;
    /** Per test node n: {@code next[2n]} when the test fails, {@code next[2n + 1]} when it holds; leaves after the last level. */
    private final int[] next;
    private final double[] leaf;

    TreeArrays(List<Node> treeRoots, Operands operands) {
        List<Binary> trees = new ArrayList<>();
        for (Node root : treeRoots) {
            if (!(root.getPredicate() instanceof True)) {
                throw new UnsupportedModelException("tree root with a predicate other than True");
            }
            trees.add(binary(root, operands));
        }
        depth = trees.stream().mapToInt(Binary::depth).max().orElse(0);
        Flat flat = new Flat();
        roots = new int[trees.size()];
        for (int t = 0; t < roots.length; t++) {
            roots[t] = flat.add(trees.get(t), depth);
        }
        slot = flat.slot.stream().mapToInt(Integer::intValue).toArray();
        bounds = flat.bounds.stream().mapToDouble(Double::doubleValue).toArray();
        next = flat.next.stream().mapToInt(Integer::intValue).toArray();
        leaf = flat.leaf.stream().mapToDouble(Double::doubleValue).toArray();
    }

    int trees() {
        return roots.length;
    }

    /** The score of tree {@code t} for the slot values {@code x}. */
    double score(int t, double[] x) {
        int n = roots[t];
        for (int level = depth; level > 0; level--) {
            n = step(n, x);
        }
        return leaf[n];
    }

    /**
     * The scores of all trees for {@code x}, added up in tree order. Four trees are walked side by side, so that the
     * processor overlaps their steps, each of which waits on the previous one's loads.
     */
    double sum(double[] x) {
        double sum = 0.0;
        int t = 0;
        for (; t + 4 <= roots.length; t += 4) {
            int a = roots[t];
            int b = roots[t + 1];
            int c = roots[t + 2];
            int d = roots[t + 3];
            for (int level = depth; level > 0; level--) {
                a = step(a, x);
                b = step(b, x);
                c = step(c, x);
                d = step(d, x);
            }
            sum += leaf[a];
            sum += leaf[b];
            sum += leaf[c];
            sum += leaf[d];
        }
        for (; t < roots.length; t++) {
            sum += score(t, x);
        }
        return sum;
    }

    private int step(int n, double[] x) {
        double v = x[slot[n]];
        return next[2 * n + (bounds[2 * n] <= v & v <= bounds[2 * n + 1] ? 1 : 0)];
    }

    /** {@code node} and its children in binary form. */
    private static Binary binary(Node node, Operands operands) {
        if (node.getScore() == null) {
            throw new UnsupportedModelException("tree node without a score");
        }
        Leaf own = new Leaf(Double.parseDouble(String.valueOf(node.getScore())));
        return node.hasNodes() ? siblings(node.getNodes(), 0, own, operands) : own;
    }

    /** The children from {@code i} on: the first whose predicate holds, else {@code otherwise}. */
    private static Binary siblings(List<Node> children, int i, Leaf otherwise, Operands operands) {
        if (i == children.size()) {
            return otherwise;
        }
        Node child = children.get(i);
        Predicate predicate = child.getPredicate();
        if (predicate instanceof True) {
            return binary(child, operands);
        }
        if (!(predicate instanceof SimplePredicate simple)) {
            throw new UnsupportedModelException("tree predicate " + predicate.getClass().getSimpleName());
        }
        int s = operands.slot(simple.getField());
        double b = operands.operand(simple.getField(), simple.getValue());
        Binary holds = binary(child, operands);
        Binary fails = siblings(children, i + 1, otherwise, operands);
        double inf = Double.POSITIVE_INFINITY;
        return switch (simple.getOperator()) {
            case EQUAL -> Double.isNaN(b) ? fails : new Test(s, b, b, holds, fails);
            case NOT_EQUAL -> Double.isNaN(b) ? holds : new Test(s, b, b, fails, holds);
            case LESS_THAN -> Double.isNaN(b) || b == -inf ? fails : new Test(s, -inf, Math.nextDown(b), holds, fails);
            case LESS_OR_EQUAL -> Double.isNaN(b) ? fails : new Test(s, -inf, b, holds, fails);
            case GREATER_THAN -> Double.isNaN(b) || b == inf ? fails : new Test(s, Math.nextUp(b), inf, holds, fails);
            case GREATER_OR_EQUAL -> Double.isNaN(b) ? fails : new Test(s, b, inf, holds, fails);
            default -> throw new UnsupportedModelException("tree predicate operator " + simple.getOperator());
        };
    }

    /** The arrays being filled: nodes numbered as they are added, leaves in their own numbering. */
    private static final class Flat {
        final List<Integer> slot = new ArrayList<>();
        final List<Double> bounds = new ArrayList<>();
        final List<Integer> next = new ArrayList<>();
        final List<Double> leaf = new ArrayList<>();

        /** Adds {@code tree} as {@code levels} levels of tests, padding short branches; returns its first node. */
        int add(Binary tree, int levels) {
            if (levels == 0) {
                leaf.add(((Leaf) tree).score());
                return leaf.size() - 1;
            }
            int n = slot.size();
            slot.add(0);
            bounds.add(0.0);
            bounds.add(0.0);
            next.add(-1);
            next.add(-1);
            if (tree instanceof Test test) {
                slot.set(n, test.slot());
                bounds.set(2 * n, test.lo());
                bounds.set(2 * n + 1, test.hi());
                next.set(2 * n, add(test.fails(), levels - 1));
                next.set(2 * n + 1, add(test.holds(), levels - 1));
            } else {
                int both = add(tree, levels - 1);
                next.set(2 * n, both);
                next.set(2 * n + 1, both);
            }
            return n;
        }
    }
}
