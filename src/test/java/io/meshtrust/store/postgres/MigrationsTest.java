package io.meshtrust.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void indexListsEveryMigrationFileInOrder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources", Migrations.DIRECTORY))) {
            var onDisk = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .sorted()
                    .toList();
            var listed =
                    Migrations.shipped().stream().map(m -> m + ".sql").sorted().toList();
            assertThat(listed).isEqualTo(onDisk);
        }
        var versions = Migrations.shipped().stream().map(Migration::version).toList();
        assertThat(versions).isSorted().startsWith(1);
    }

    @Test
    void parsesVersionAndDescriptionFromFileName() {
        var m = Migration.fromFile("V12__add_owner.sql", "select 1");

        assertThat(m.version()).isEqualTo(12);
        assertThat(m.description()).isEqualTo("add_owner");
        assertThat(m.checksum())
                .hasSize(64)
                .isEqualTo(Migration.fromFile("V1__x.sql", "select 1").checksum());
        assertThatThrownBy(() -> Migration.fromFile("V1_missing_underscore.sql", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Migration.fromFile("V0__zero.sql", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
