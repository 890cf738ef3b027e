package io.meshtrust.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rules a formatter cannot enforce (docs/architecture.md, "Source rules"), checked over the sources:
 * <ul>
 *   <li>no inline fully-qualified type name in code, unless the simple name is taken in that file (imported from
 *       another package, or declared there): {@code java.time.Duration} in code is written {@code Duration} and imported;
 *   <li>constructor injection in production code: no {@code @Inject} on a field;
 *   <li>Javadoc and comments cite Kuma's Go files or the project's own documents ({@code docs/...}), never the
 *       specifications outside the repository by section (a spec's name and a section number without {@code docs/}).
 * </ul>
 */
class SourceStyleTest {

    private static final List<Path> ROOTS =
            List.of(Path.of("src/main/java"), Path.of("src/test/java"), Path.of("bench"), Path.of("src-native"));
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.\"])((?:java|javax|jakarta|io|org|com|net)(?:\\.[a-z_][a-z0-9_]*)+)\\.([A-Z]\\w*)");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)\\.(\\w+)\\s*;");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");
    private static final Pattern FIELD_INJECT = Pattern.compile(
            "@Inject\\s+(?:(?:private|protected|public|final)\\s+)*" + "[\\w.<>, ?\\[\\]]+\\s+\\w+\\s*;");
    private static final Pattern OWN_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*MESHTRUST_KEY");
    private static final Pattern OUTSIDE_CITATION =
            Pattern.compile("(?<!docs/)\\b(kuma-tokens|kuma-ca-insights|product)(\\.md)?\\s*§");

    @Test
    void noInlineQualifiedTypeNames() {
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            String text = read(file);
            Map<String, String> taken = new HashMap<>();
            String packageName = "";
            for (String line : text.split("\n")) {
                Matcher imp = IMPORT.matcher(line.trim());
                if (imp.find() && imp.group(1) == null) {
                    taken.put(imp.group(3), imp.group(2) + "." + imp.group(3));
                }
                if (line.startsWith("package ")) {
                    packageName = line.substring(8, line.indexOf(';')).trim();
                }
            }
            for (String sibling : siblings(file)) {
                taken.putIfAbsent(sibling, packageName + "." + sibling);
            }
            Matcher declared = DECLARED.matcher(text);
            while (declared.find()) {
                taken.put(declared.group(1), packageName + "." + declared.group(1));
            }
            String[] code = JavaText.codeOnly(text).split("\n");
            for (int i = 0; i < code.length; i++) {
                if (code[i].startsWith("import ") || code[i].startsWith("package ")) {
                    continue;
                }
                Matcher m = QUALIFIED.matcher(code[i]);
                while (m.find()) {
                    String qualified = m.group(1) + "." + m.group(2);
                    String owner = taken.get(m.group(2));
                    // allowed only when the simple name means something else in this file
                    if (owner == null || owner.equals(qualified)) {
                        found.add(file + ":" + (i + 1) + ": " + qualified);
                    }
                }
            }
        }
        assertThat(found).as("inline fully-qualified names: import them").isEmpty();
    }

    @Test
    void productionCodeUsesConstructorInjection() {
        List<String> found = new ArrayList<>();
        for (Path file : sources(Path.of("src/main/java"))) {
            Matcher m = FIELD_INJECT.matcher(JavaText.codeOnly(read(file)));
            while (m.find()) {
                found.add(file + ": " + m.group().replaceAll("\\s+", " "));
            }
        }
        assertThat(found).as("@Inject on fields: take them in the constructor").isEmpty();
    }

    /** One config surface: meshtrust's own keys are read through {@code config/MeshtrustConfig}, not one by one. */
    @Test
    void meshtrustSettingsComeFromTheMapping() {
        List<String> found = new ArrayList<>();
        for (Path file : sources(Path.of("src/main/java"))) {
            Matcher m = OWN_PROPERTY.matcher(JavaText.codeOnly(read(file).replace("\"meshtrust.", "MESHTRUST_KEY")));
            while (m.find()) {
                found.add(file + ": " + m.group());
            }
        }
        assertThat(found)
                .as("@ConfigProperty for a meshtrust.* key: add it to MeshtrustConfig")
                .isEmpty();
    }

    @Test
    void citationsStayInsideTheRepository() {
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            String[] lines = read(file).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (OUTSIDE_CITATION.matcher(lines[i]).find()) {
                    found.add(file + ":" + (i + 1) + ": " + lines[i].trim());
                }
            }
        }
        assertThat(found).as("cite docs/<file> § or Kuma's Go sources").isEmpty();
    }

    @Test
    void theCheckerSeesWhatItLooksFor() {
        String sample = """
                package a.b;
                import java.util.List;
                class X { java.time.Duration d; String s = "java.time.Instant"; // java.time.Clock
                  /* java.time.Period */ }
                """;
        String code = JavaText.codeOnly(sample);
        assertThat(code).contains("java.time.Duration").doesNotContain("Instant", "Clock", "Period");
        assertThat(FIELD_INJECT
                        .matcher("@Inject\n    Authenticator authenticator;")
                        .find())
                .isTrue();
        assertThat(FIELD_INJECT.matcher("@Inject\n    public Foo(Bar bar) {").find())
                .isFalse();
        String property =
                JavaText.codeOnly("@ConfigProperty(name = \"meshtrust.x\")".replace("\"meshtrust.", "MESHTRUST_KEY"));
        assertThat(OWN_PROPERTY.matcher(property).find()).isTrue();
        // split, so that this line is not itself an outside citation
        assertThat(OUTSIDE_CITATION.matcher("see kuma-tokens " + "§5").find()).isTrue();
        assertThat(OUTSIDE_CITATION.matcher("see kuma-ca-insights.md " + "§7.6").find())
                .isTrue();
        assertThat(OUTSIDE_CITATION.matcher("see docs/kuma-tokens.md §5").find())
                .isFalse();
    }

    private static List<Path> sources(Path... roots) {
        List<Path> files = new ArrayList<>();
        for (Path root : roots.length == 0 ? ROOTS.toArray(Path[]::new) : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(files).as("sources under " + List.of(roots)).isNotEmpty();
        return files;
    }

    /** The simple names of the other top-level types in the file's package directory. */
    private static List<String> siblings(Path file) {
        try (Stream<Path> list = Files.list(file.getParent())) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - 5))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
