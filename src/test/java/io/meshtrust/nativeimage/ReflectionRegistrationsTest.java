package io.meshtrust.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshtrust.mesh.Mesh;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A native image only has reflection data for what is registered. Quarkus' {@code @RegisterForReflection(targets =
 * ...)} registers the targets <em>instead of</em> the annotated class, so a record that lists its nested records would
 * leave itself out and Jackson could not bind it (every endpoint here returns {@code Response}, so Quarkus REST cannot
 * infer those types either).
 */
class ReflectionRegistrationsTest {

    @Test
    void recordsThatRegisterNestedTypesAlsoRegisterThemselves() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> type : mainClasses()) {
            RegisterForReflection registration = type.getAnnotation(RegisterForReflection.class);
            if (registration != null
                    && type.isRecord()
                    && registration.targets().length > 0
                    && !Arrays.asList(registration.targets()).contains(type)) {
                missing.add(type.getName());
            }
        }
        assertThat(missing)
                .as("records whose @RegisterForReflection(targets) leaves the record out")
                .isEmpty();
    }

    /** Every class compiled from src/main/java (the directory {@link Mesh} was loaded from). */
    static List<Class<?>> mainClasses() throws Exception {
        Path root = Path.of(
                Mesh.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("io/meshtrust"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, ReflectionRegistrationsTest.class.getClassLoader()));
            }
        }
        assertThat(classes).as("classes found under " + root).contains(Mesh.class);
        return classes;
    }
}
