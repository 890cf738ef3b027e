package io.meshtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI finds its config file under {@code $HOME}, as kumactl does ({@code app/kumactl/pkg/config/io.go}), not
 * under the JVM's {@code user.home} (the passwd entry): {@code HOME=/x meshtrust config control-planes add …} writes
 * {@code /x/.meshtrust/config}.
 */
class HomeDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void homeFromTheEnvironmentWinsOverUserHome() {
        var context = Main.Context.fromEnvironment(Map.of("HOME", "/x"), "/home/passwd-entry");
        assertThat(context.configFile()).isEqualTo(Path.of("/x", ".meshtrust", "config"));
    }

    @Test
    void withoutHomeTheJvmsUserHomeIsUsed() {
        assertThat(Main.Context.fromEnvironment(Map.of(), "/home/passwd-entry").configFile())
                .isEqualTo(Path.of("/home/passwd-entry", ".meshtrust", "config"));
        assertThat(Main.Context.fromEnvironment(Map.of("HOME", " "), "/home/passwd-entry")
                        .configFile())
                .isEqualTo(Path.of("/home/passwd-entry", ".meshtrust", "config"));
    }

    @Test
    void withNoKnownHomeTheFileIsRelativeLikeKumactls() {
        // the JDK's user.home is "?" for a user without a passwd entry; kumactl joins "" with .kumactl/config
        assertThat(Main.Context.fromEnvironment(Map.of(), "?").configFile()).isEqualTo(Path.of(".meshtrust", "config"));
    }

    @Test
    void meshtrustConfigStillOverridesHome() {
        var context = Main.Context.fromEnvironment(Map.of("HOME", "/x", "MESHTRUST_CONFIG", "/etc/mt.yaml"), "/h");
        assertThat(context.configFile()).isEqualTo(Path.of("/etc/mt.yaml"));
    }

    @Test
    void addingAControlPlaneWritesUnderTheGivenHome() throws Exception {
        Path home = tmp.resolve("x");
        Path passwdHome = tmp.resolve("passwd-home");
        try (var http = new StubControlPlane(false)) {
            var context = Main.Context.fromEnvironment(Map.of("HOME", home.toString()), passwdHome.toString());
            var r = Cli.run(context, "config", "control-planes", "add", "--name", "stub", "--address", http.url());
            assertThat(r.err()).isEmpty();
            assertThat(r.exitCode()).isZero();
            assertThat(Files.readString(home.resolve(".meshtrust/config")))
                    .contains("currentContext: stub")
                    .contains("url: " + http.url());
            assertThat(passwdHome).doesNotExist();
            // and the next command, with the same environment, reads it there
            assertThat(Cli.run(context, "config", "control-planes", "list").out())
                    .contains("*        stub    " + http.url());
        }
    }
}
