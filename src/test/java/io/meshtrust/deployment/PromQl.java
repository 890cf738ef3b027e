package io.meshtrust.deployment;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading to list the metrics an expression selects and the labels it matches them on. Not a
 * parser: it removes strings, grouping clauses, ranges and Grafana variables, then takes what is left that looks like
 * a name and is not a function call or a keyword. {@code ObservabilityMetricsTest} checks the result on known names.
 */
final class PromQl {

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "inf",
            "nan",
            "Inf",
            "NaN");
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";

    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\(\\s*(" + NAME + ")?\\s*(\\{[^}]*})?\\s*,?[^)]*\\)");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern SELECTOR = Pattern.compile("(" + NAME + ")?\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("(" + NAME + ")\\s*(=~|!~|!=|=)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])(" + NAME + ")(\\s*\\()?");

    private PromQl() {}

    /** Metric name → label names matched on it in {@code expr}. */
    static Map<String, Set<String>> metrics(String expr) {
        Map<String, Set<String>> found = new TreeMap<>();
        String rest = expr;

        // Grafana's label_values(metric, label): only the metric is one.
        Matcher values = LABEL_VALUES.matcher(rest);
        while (values.find()) {
            if (values.group(1) != null) {
                found.computeIfAbsent(values.group(1), n -> new TreeSet<>());
            }
        }
        rest = values.replaceAll(" ");
        rest = STRING.matcher(rest).replaceAll("\"\"");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = VARIABLE.matcher(rest).replaceAll(" ");

        Matcher selector = SELECTOR.matcher(rest);
        StringBuilder unselected = new StringBuilder();
        while (selector.find()) {
            if (selector.group(1) == null) {
                throw new IllegalArgumentException("selector without a metric name in: " + expr);
            }
            Set<String> labels = found.computeIfAbsent(selector.group(1), n -> new TreeSet<>());
            Matcher matcher = MATCHER.matcher(selector.group(2));
            while (matcher.find()) {
                labels.add(matcher.group(1));
            }
            selector.appendReplacement(unselected, " ");
        }
        selector.appendTail(unselected);

        Matcher identifier = IDENTIFIER.matcher(unselected);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (identifier.group(2) == null && !KEYWORDS.contains(name)) {
                found.computeIfAbsent(name, n -> new TreeSet<>());
            }
        }
        return found;
    }
}
