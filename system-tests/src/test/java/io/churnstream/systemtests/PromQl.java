package io.churnstream.systemtests;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL's syntax to check the dashboard's and the alerts' expressions against a live Prometheus:
 * the vector selectors an expression reads, and the expression with its threshold comparisons made {@code bool}.
 * Anything it cannot take apart makes the check fail, never pass: a selector it misses is still read by the whole
 * expression, and a comparison it does not rewrite still filters.
 */
final class PromQl {

    /** Keywords that are followed by a parenthesised list of label names, not by an expression. */
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");
    /** What follows an aggregation operator written as {@code sum by (job) (x)}. */
    private static final Pattern GROUPING = Pattern.compile("(by|without)\\s*\\(");
    private static final Pattern THRESHOLD = Pattern.compile("(==|!=|>=|<=|>|<)\\s*(?=[-+]?(\\d|\\.\\d))");

    private PromQl() {
    }

    /**
     * Every comparison with a number turned into its {@code bool} form: {@code x > 0.2} keeps every series of
     * {@code x} (with value 0 or 1) instead of only those above 0.2, so an alert that does not fire still returns
     * series.
     */
    static String comparisonsAsBool(String expr) {
        return THRESHOLD.matcher(expr).replaceAll("$1 bool ");
    }

    /** The vector selectors of {@code expr}, each as written (metric name and label matchers), in order, once each. */
    static Set<String> selectors(String expr) {
        Set<String> selectors = new LinkedHashSet<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = closing(expr, i, '[', ']') + 1;
            } else if (c == '{') {
                int end = closing(expr, i, '{', '}');
                selectors.add(expr.substring(i, end + 1));
                i = end + 1;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1))) {
                i = skipNumber(expr, i);
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                String name = expr.substring(start, i);
                int next = skipSpace(expr, i);
                boolean parenthesis = next < n && expr.charAt(next) == '(';
                boolean aggregation = GROUPING.matcher(expr).region(next, n).lookingAt();
                if (LABEL_LIST_KEYWORDS.contains(name.toLowerCase())) {
                    i = parenthesis ? closing(expr, next, '(', ')') + 1 : i;
                } else if (!parenthesis && !aggregation && !KEYWORDS.contains(name.toLowerCase())) {
                    if (next < n && expr.charAt(next) == '{') {
                        int end = closing(expr, next, '{', '}');
                        selectors.add(name + expr.substring(next, end + 1));
                        i = end + 1;
                    } else {
                        selectors.add(name);
                    }
                }
            } else {
                i++;
            }
        }
        return selectors;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipString(String s, int start) {
        char quote = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && quote != '`') {
                i++;
            } else if (s.charAt(i) == quote) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unterminated string in: " + s);
    }

    /** A number, with an exponent or a duration unit (offset 5m) if it has one. */
    private static int skipNumber(String s, int i) {
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
                || (s.charAt(i) == '-' || s.charAt(i) == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E'))) {
            i++;
        }
        return i;
    }

    /** The index of the bracket that closes the one at {@code open}, skipping strings. */
    private static int closing(String s, int open, char opening, char closing) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(s, i) - 1;
            } else if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced " + opening + " in: " + s);
    }
}
