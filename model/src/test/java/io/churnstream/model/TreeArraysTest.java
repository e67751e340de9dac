package io.churnstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dmg.pmml.Predicate;
import org.dmg.pmml.SimplePredicate;
import org.dmg.pmml.SimplePredicate.Operator;
import org.dmg.pmml.True;
import org.dmg.pmml.tree.ComplexNode;
import org.dmg.pmml.tree.Node;
import org.junit.jupiter.api.Test;

/**
 * The flattened, branch-free walk against PMML's rule read straight off the nodes ("the first child whose predicate
 * is true, else this node's score", each comparison as Java compares doubles), on random trees whose operands and
 * inputs include NaN, the infinities, both zeros and the doubles next to each operand.
 */
class TreeArraysTest {

    private static final int SLOTS = 4;
    private static final Operator[] OPERATORS = {Operator.EQUAL, Operator.NOT_EQUAL, Operator.LESS_THAN,
            Operator.LESS_OR_EQUAL, Operator.GREATER_THAN, Operator.GREATER_OR_EQUAL};
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
            1.0, -1.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE};
    private static final TreeArrays.Operands OPERANDS = new TreeArrays.Operands() {
        @Override
        public int slot(String field) {
            return Integer.parseInt(field.substring(1));
        }

        @Override
        public double operand(String field, Object value) {
            return (Double) value;
        }
    };

    @Test
    void should_score_every_tree_as_the_first_true_child_rule_does() {
        Random random = new Random(20_261_203L);
        for (int round = 0; round < 300; round++) {
            List<double[]> operands = new ArrayList<>();
            List<Node> roots = new ArrayList<>();
            for (int t = 0; t < 1 + random.nextInt(6); t++) {
                roots.add(node(random, True.INSTANCE, 1 + random.nextInt(4), operands));
            }
            TreeArrays trees = new TreeArrays(roots, OPERANDS);
            assertThat(trees.trees()).isEqualTo(roots.size());
            for (int i = 0; i < 200; i++) {
                double[] x = input(random, operands);
                double sum = 0.0;
                for (int t = 0; t < roots.size(); t++) {
                    double expected = firstTrueChild(roots.get(t), x);
                    assertThat(trees.score(t, x)).as("tree %d of round %d at %s", t, round, java.util.Arrays.toString(x))
                            .isEqualTo(expected);
                    sum += expected;
                }
                assertThat(trees.sum(x)).isEqualTo(sum);
            }
        }
    }

    @Test
    void should_take_a_true_child_and_never_its_later_siblings() {
        Node root = new ComplexNode(1.0, True.INSTANCE).addNodes(
                new ComplexNode(2.0, new SimplePredicate("x0", Operator.GREATER_THAN, 5.0)),
                new ComplexNode(3.0, True.INSTANCE),
                new ComplexNode(4.0, new SimplePredicate("x0", Operator.LESS_THAN, 100.0)));
        TreeArrays trees = new TreeArrays(List.of(root), OPERANDS);

        assertThat(trees.score(0, new double[] {6.0})).isEqualTo(2.0);
        assertThat(trees.score(0, new double[] {1.0})).isEqualTo(3.0);
        assertThat(trees.score(0, new double[] {Double.NaN})).isEqualTo(3.0);
    }

    @Test
    void should_refuse_a_root_with_a_predicate() {
        Node root = new ComplexNode(1.0, new SimplePredicate("x0", Operator.EQUAL, 1.0));

        assertThatThrownBy(() -> new TreeArrays(List.of(root), OPERANDS)).isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("root");
    }

    /** A node and, below {@code levels} more, up to three children, each with a random comparison or True. */
    private static Node node(Random random, Predicate predicate, int levels, List<double[]> operands) {
        ComplexNode node = new ComplexNode(Math.rint(random.nextGaussian() * 1000) / 1000, predicate);
        if (levels == 0) {
            return node;
        }
        int children = random.nextInt(4);
        for (int c = 0; c < children; c++) {
            Predicate p;
            if (random.nextInt(12) == 0) {
                p = True.INSTANCE;
            } else {
                int slot = random.nextInt(SLOTS);
                double b = random.nextInt(5) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextInt(7) - 3;
                operands.add(new double[] {slot, b});
                p = new SimplePredicate("x" + slot, OPERATORS[random.nextInt(OPERATORS.length)], b);
            }
            node.addNodes(node(random, p, random.nextInt(levels), operands));
        }
        return node;
    }

    /** Inputs near the operands: an operand, the doubles beside it, a special value or a small integer. */
    private static double[] input(Random random, List<double[]> operands) {
        double[] x = new double[SLOTS];
        for (int s = 0; s < SLOTS; s++) {
            double b = operands.isEmpty() ? 0.0 : operands.get(random.nextInt(operands.size()))[1];
            x[s] = switch (random.nextInt(5)) {
                case 0 -> b;
                case 1 -> Math.nextUp(b);
                case 2 -> Math.nextDown(b);
                case 3 -> SPECIAL[random.nextInt(SPECIAL.length)];
                default -> random.nextInt(7) - 3;
            };
        }
        return x;
    }

    /** PMML's rule, read off the nodes. */
    private static double firstTrueChild(Node node, double[] x) {
        if (node.hasNodes()) {
            for (Node child : node.getNodes()) {
                if (holds(child.getPredicate(), x)) {
                    return firstTrueChild(child, x);
                }
            }
        }
        return ((Number) node.getScore()).doubleValue();
    }

    private static boolean holds(Predicate predicate, double[] x) {
        if (predicate instanceof True) {
            return true;
        }
        SimplePredicate simple = (SimplePredicate) predicate;
        double v = x[OPERANDS.slot(simple.getField())];
        double b = (Double) simple.getValue();
        return switch (simple.getOperator()) {
            case EQUAL -> v == b;
            case NOT_EQUAL -> v != b;
            case LESS_THAN -> v < b;
            case LESS_OR_EQUAL -> v <= b;
            case GREATER_THAN -> v > b;
            case GREATER_OR_EQUAL -> v >= b;
            default -> throw new AssertionError(simple.getOperator());
        };
    }
}
