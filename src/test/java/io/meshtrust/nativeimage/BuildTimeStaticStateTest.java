package io.meshtrust.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.mesh.Mesh;
import io.meshtrust.nativeimage.fixture.PlantedStaticState;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Quarkus initialises application classes while the native image is built ({@code initializeAtBuildTime("")} in its
 * generated feature), so whatever a static field holds then is frozen into the image heap. GraalVM refuses a
 * {@code Random} there (issue 18: {@code LeafCertificates}' static {@code SecureRandom} failed the build), and a
 * thread, executor, key, file or socket made at build time is wrong in every process started from the image.
 *
 * <p>This does what the builder does, on the JVM: every class compiled from {@code src/main/java} is initialised in a
 * fresh class loader (so nothing the other tests ran has filled a lazy field), then {@link StaticStateWalker} follows
 * its static fields. Classes registered for run-time initialisation in what we ship to {@code native-image} are
 * exempt, and that registration must name classes that exist.
 */
class BuildTimeStaticStateTest {

    private static final Path NATIVE_IMAGE_PROPERTIES =
            Path.of("src-native/resources/META-INF/native-image/io.meshtrust/meshtrust/native-image.properties");
    private static final Pattern RUN_TIME_INIT = Pattern.compile("--initialize-at-run-time=([^\\s\\\\]+)");

    @Test
    void noClassInitialisedAtBuildTimeHoldsRandomThreadExecutorKeyFileOrSocket() throws Exception {
        Path root = Path.of(
                Mesh.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> runTime = runTimeInitialised();
        List<String> findings = new ArrayList<>();
        List<String> classes = classNames(root);
        try (URLClassLoader fresh =
                new ChildFirst(root.toUri().toURL(), getClass().getClassLoader())) {
            for (String name : classes) {
                if (runTime.stream().anyMatch(r -> name.equals(r) || name.startsWith(r + "$"))) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, fresh);
                assertThat(type.getClassLoader())
                        .as("loaded from target/classes, not the shared loader")
                        .isSameAs(fresh);
                try {
                    Class.forName(name, true, fresh);
                } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
                    findings.add(name + " cannot be initialised at build time: " + e);
                    continue;
                }
                findings.addAll(StaticStateWalker.findings(type));
            }
        }
        assertThat(classes).as("classes under " + root).hasSizeGreaterThan(100);
        assertThat(findings)
                .as("static state the native image builder would freeze (hold it lazily, or register the"
                        + " class for run-time initialisation in " + NATIVE_IMAGE_PROPERTIES + ")")
                .isEmpty();
    }

    @Test
    void walkerNamesWhatPlantedStaticFieldsHoldAndLeavesLazyOnesAlone() {
        List<String> findings = StaticStateWalker.findings(PlantedStaticState.class);

        String planted = PlantedStaticState.class.getName();
        assertThat(findings).hasSize(2);
        assertThat(findings).contains(planted + ".HOLDERS[0].random (java.security.SecureRandom)");
        assertThat(findings).anyMatch(f -> f.startsWith(planted + ".POOLS[crypto] (java.util.concurrent."));
        assertThat(findings).noneMatch(f -> f.contains("lazy") || f.contains("HARMLESS"));
    }

    @Test
    void runTimeInitialisationNamesOnlyClassesThatExist() throws Exception {
        for (String name : runTimeInitialised()) {
            assertThat(getClass().getClassLoader().getResource(name.replace('.', '/') + ".class"))
                    .as("class registered for run-time initialisation: " + name)
                    .isNotNull();
        }
    }

    /** What we ship to native-image ({@code native-image.properties}) and pass through Quarkus' build arguments. */
    static Set<String> runTimeInitialised() throws IOException {
        Set<String> names = new TreeSet<>();
        if (Files.exists(NATIVE_IMAGE_PROPERTIES)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(NATIVE_IMAGE_PROPERTIES)) {
                p.load(in);
            }
            names.addAll(runTimeInitialised(p.getProperty("Args", "")));
        }
        Properties app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }
        for (String arg :
                app.getProperty("quarkus.native.additional-build-args", "").split(",(?=--)")) {
            names.addAll(runTimeInitialised(arg));
        }
        return names;
    }

    private static List<String> runTimeInitialised(String args) {
        List<String> names = new ArrayList<>();
        Matcher m = RUN_TIME_INIT.matcher(args);
        while (m.find()) {
            Arrays.stream(m.group(1).split("\\\\?,"))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(names::add);
        }
        return names;
    }

    private static List<String> classNames(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("io/meshtrust"))) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .sorted()
                    .toList();
        }
    }

    /** Loads {@code io.meshtrust} classes itself, everything else (Quarkus, Bouncy Castle, the JDK) from the parent. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL classes, ClassLoader parent) {
            super(new URL[] {classes}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.meshtrust.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                return c;
            }
        }
    }
}
