package io.meshtrust.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up phase log: what ran before the listeners opened, in order, each with its duration. */
@QuarkusTest
class StartupPhasesTest {

    @Inject
    StartupPhases phases;

    @Test
    void recordsOurStartupWorkInTheOrderItRan() {
        List<String> names =
                phases.phases().stream().map(StartupPhases.Phase::name).toList();

        assertThat(names)
                .containsSubsequence(
                        "configuration checks",
                        "default signing keys",
                        "signing-key and revocation mirrors",
                        "admin token",
                        "HTTPS certificate",
                        "HTTPS listener");
        assertThat(phases.phases()).allSatisfy(p -> assertThat(p.took()).isGreaterThanOrEqualTo(Duration.ZERO));
        assertThat(phases.summary())
                .startsWith("configuration checks ")
                .contains(", HTTPS listener ")
                .endsWith(" in all)");
    }

    @Test
    void aPhaseThatFailsIsRecordedAndItsFailurePropagates() {
        var own = new StartupPhases();
        assertThatThrownBy(() -> own.run("broken", () -> {
                    throw new IllegalStateException("no store");
                }))
                .hasMessage("no store");
        assertThat(own.time("answer", () -> 42)).isEqualTo(42);

        assertThat(own.phases()).extracting(StartupPhases.Phase::name).containsExactly("broken", "answer");
    }
}
