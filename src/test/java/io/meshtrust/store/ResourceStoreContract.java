package io.meshtrust.store;

import static io.meshtrust.store.Resources.globalSecret;
import static io.meshtrust.store.Resources.mesh;
import static io.meshtrust.store.Resources.secret;
import static io.meshtrust.store.Resources.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.meshtrust.store.ResourceChange.Kind;
import io.meshtrust.testsupport.SettableClock;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ResourceStore} and its {@link ChangeFeed} must have (Kuma's {@code ExecuteStoreTests}).
 * Subclasses provide an empty store driven by {@link #CLOCK}.
 */
public abstract class ResourceStoreContract {

    /** Generous upper bound so that a broken store fails instead of hanging; not a performance assertion. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Nanoseconds on purpose: stores keep microseconds. */
    protected static final Instant START = Instant.parse("2024-05-01T10:00:00.123456789Z");

    protected static final SettableClock CLOCK = new SettableClock(START);

    /** The store under test. */
    protected abstract ResourceStore store();

    /** The change feed of {@link #store()}. */
    protected abstract ChangeFeed feed();

    /** Empties the store; called before each test. */
    protected abstract void clear();

    @BeforeEach
    final void resetStore() {
        CLOCK.set(START);
        clear();
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }

    protected static Throwable failureOf(Uni<?> uni) {
        return catchThrowable(() -> await(uni));
    }

    private Resource create(Resource r) {
        return await(store().create(r));
    }

    private Optional<Resource> get(ResourceKey key) {
        return await(store().get(key));
    }

    private ResourcePage list(ListQuery q) {
        return await(store().list(q));
    }

    private static List<String> names(ResourcePage page) {
        return page.items().stream().map(Resource::name).toList();
    }

    // ---- create / get

    @Test
    void createsWithVersionOneAndBothTimesNowInMicroseconds() {
        var stored = create(secret("default", "s1", Map.of("env", "prod")));

        var micros = Instant.parse("2024-05-01T10:00:00.123456Z");
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.creationTime()).isEqualTo(micros);
        assertThat(stored.modificationTime()).isEqualTo(micros);
        assertThat(get(stored.key())).contains(stored);
    }

    @Test
    void keepsSpecAndLabelsAsGiven() {
        var labels = Map.of("env", "prod", "k.io/x", "quote\"d", "ü", "");
        var stored = create(secret("default", "s1", labels));

        var read = get(stored.key()).orElseThrow();
        assertThat(read.labels()).isEqualTo(labels);
        assertThat(read.spec()).isEqualTo(spec("data", "c2VjcmV0"));
    }

    @Test
    void createsSeveralResourcesAtomically() {
        var stored = await(store().createAll(List.of(secret("default", "ca-cert"), secret("default", "ca-key"))));
        assertThat(stored).extracting(Resource::name).containsExactly("ca-cert", "ca-key");
        assertThat(get(stored.get(1).key())).contains(stored.get(1));

        // one taken key: nothing of the batch is written
        var failure = failureOf(store().createAll(List.of(secret("default", "fresh"), secret("default", "ca-key"))));
        assertThat(failure).isInstanceOf(StoreException.AlreadyExists.class);
        assertThat(get(secret("default", "fresh").key())).isEmpty();
    }

    @Test
    void rejectsCreateOfExistingKey() {
        var first = create(secret("default", "s1"));
        CLOCK.advance(Duration.ofSeconds(5));

        var failure = failureOf(store().create(secret("default", "s1", Map.of("other", "x"))));

        assertThat(failure).isInstanceOf(StoreException.AlreadyExists.class);
        assertThat(((StoreException) failure).key()).isEqualTo(first.key());
        assertThat(get(first.key())).contains(first);
    }

    @Test
    void keepsSameNameApartAcrossTypesAndMeshes() {
        create(secret("a", "x"));
        create(secret("b", "x"));
        create(globalSecret("x"));
        create(mesh("x"));

        assertThat(await(store().count(ResourceType.SECRET))).isEqualTo(2);
        assertThat(await(store().count(ResourceType.GLOBAL_SECRET))).isEqualTo(1);
        assertThat(await(store().count(ResourceType.MESH))).isEqualTo(1);
    }

    @Test
    void answersEmptyForMissingResource() {
        create(secret("default", "s1"));

        assertThat(get(ResourceKey.inMesh(ResourceType.SECRET, "default", "s2")))
                .isEmpty();
        assertThat(get(ResourceKey.inMesh(ResourceType.SECRET, "other", "s1"))).isEmpty();
        assertThat(get(ResourceKey.global(ResourceType.GLOBAL_SECRET, "s1"))).isEmpty();
    }

    // ---- update

    @Test
    void updatesWithCurrentVersionKeepingCreationTime() {
        var created = create(secret("default", "s1", Map.of("env", "dev")));
        var later = CLOCK.advance(Duration.ofMinutes(3));

        var updated = await(store().update(created.withSpec(spec("data", "bmV3"), Map.of("env", "prod"))));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.creationTime()).isEqualTo(created.creationTime());
        assertThat(updated.modificationTime()).isEqualTo(later.truncatedTo(ChronoUnit.MICROS));
        assertThat(updated.spec()).isEqualTo(spec("data", "bmV3"));
        assertThat(updated.labels()).containsExactly(Map.entry("env", "prod"));
        assertThat(get(created.key())).contains(updated);

        var again = await(store().update(updated.withSpec(spec("data", "x"), Map.of())));
        assertThat(again.version()).isEqualTo(3);
        assertThat(again.labels()).isEmpty();
    }

    @Test
    void rejectsUpdateWithStaleVersion() {
        var created = create(secret("default", "s1"));
        var current = await(store().update(created.withSpec(spec("data", "v2"), Map.of())));

        var failure = failureOf(store().update(created.withSpec(spec("data", "stale"), Map.of())));

        assertThat(failure).isInstanceOf(StoreException.Conflict.class);
        assertThat(get(created.key())).contains(current);
    }

    @Test
    void rejectsUpdateOfMissingResource() {
        var failure = failureOf(store().update(secret("default", "ghost").stored(START, START, 1)));

        assertThat(failure).isInstanceOf(StoreException.NotFound.class);
        assertThat(get(ResourceKey.inMesh(ResourceType.SECRET, "default", "ghost")))
                .isEmpty();
    }

    // ---- delete

    @Test
    void deletesResource() {
        var s1 = create(secret("default", "s1"));
        var s2 = create(secret("default", "s2"));

        await(store().delete(s1.key()));

        assertThat(get(s1.key())).isEmpty();
        assertThat(get(s2.key())).contains(s2);
        assertThat(await(store().count(ResourceType.SECRET))).isEqualTo(1);
    }

    @Test
    void rejectsDeleteOfMissingResource() {
        create(secret("default", "s1"));

        var failure = failureOf(store().delete(ResourceKey.inMesh(ResourceType.SECRET, "other", "s1")));

        assertThat(failure).isInstanceOf(StoreException.NotFound.class);
        assertThat(await(store().count(ResourceType.SECRET))).isEqualTo(1);
    }

    @Test
    void createInMeshNeedsTheMesh() {
        var failure = failureOf(store().createInMesh(secret("nomesh", "s1")));
        assertThat(failure).isInstanceOf(StoreException.NotFound.class).hasMessageContaining("nomesh");
        assertThat(await(store().count(ResourceType.SECRET))).isZero();

        create(mesh("nomesh"));
        var created = await(store().createInMesh(secret("nomesh", "s1")));
        assertThat(get(created.key())).contains(created);
        assertThat(failureOf(store().createInMesh(secret("nomesh", "s1"))))
                .isInstanceOf(StoreException.AlreadyExists.class);
    }

    @Test
    void aCreationRacingWithItsMeshsDeletionNeverOutlivesTheMesh() {
        for (int round = 0; round < 30; round++) {
            String mesh = "race-" + round;
            create(mesh(mesh));
            var deletion = store().delete(ResourceKey.global(ResourceType.MESH, mesh))
                    .onFailure()
                    .recoverWithNull()
                    .subscribeAsCompletionStage();
            var creation = store().createInMesh(secret(mesh, "late"))
                    .onFailure(StoreException.NotFound.class)
                    .recoverWithNull()
                    .subscribeAsCompletionStage();
            deletion.toCompletableFuture()
                    .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .join();
            creation.toCompletableFuture()
                    .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .join();
            assertThat(get(ResourceKey.global(ResourceType.MESH, mesh)))
                    .as("round " + round)
                    .isEmpty();
            assertThat(list(ListQuery.inMesh(ResourceType.SECRET, mesh)).items())
                    .as("round " + round)
                    .isEmpty();
        }
    }

    @Test
    void deletingMeshDeletesItsResourcesAndNothingElse() {
        var meshA = create(mesh("a"));
        var meshB = create(mesh("b"));
        create(secret("a", "s1"));
        create(secret("a", "s2"));
        var inB = create(secret("b", "s1"));
        var global = create(globalSecret("a"));

        await(store().delete(meshA.key()));

        assertThat(get(meshA.key())).isEmpty();
        assertThat(list(ListQuery.inMesh(ResourceType.SECRET, "a")).items()).isEmpty();
        assertThat(get(meshB.key())).contains(meshB);
        assertThat(get(inB.key())).contains(inB);
        assertThat(get(global.key())).contains(global);
    }

    @Test
    void deletingOtherTypesDoesNotCascade() {
        create(secret("a", "s1"));
        var global = create(globalSecret("a"));

        await(store().delete(global.key()));

        assertThat(await(store().count(ResourceType.SECRET))).isEqualTo(1);
    }

    // ---- list

    @Test
    void listsByMeshThenNameInByteOrder() {
        // Byte order puts upper case before lower case and non-ASCII last; a locale collation would not.
        var keys = List.of("a/b", "a/B", "a/a", "a/Z", "a/é", "a/b-1", "a/b.1", "a/b_1", "B/z", "b/a", "é/a");
        for (var k : keys) {
            var parts = k.split("/");
            create(secret(parts[0], parts[1]));
        }

        var page = list(ListQuery.all(ResourceType.SECRET));

        var expected = keys.stream()
                .map(k -> ResourceKey.inMesh(ResourceType.SECRET, k.split("/")[0], k.split("/")[1]))
                .sorted(Comparator.naturalOrder())
                .toList();
        assertThat(page.items()).extracting(Resource::key).containsExactlyElementsOf(expected);
        assertThat(page.items().get(0).key()).isEqualTo(ResourceKey.inMesh(ResourceType.SECRET, "B", "z"));
        assertThat(page.total()).isEqualTo(keys.size());
        assertThat(page.nextOffset()).isEmpty();
    }

    @Test
    void pagesWithOffsetSizeTotalAndNextOffset() {
        IntStream.range(0, 7).forEach(i -> create(secret("default", "s" + i)));
        var all = ListQuery.all(ResourceType.SECRET);

        var first = list(all.page(0, 3));
        assertThat(names(first)).containsExactly("s0", "s1", "s2");
        assertThat(first.total()).isEqualTo(7);
        assertThat(first.nextOffset()).isEqualTo(OptionalInt.of(3));

        var middle = list(all.page(3, 3));
        assertThat(names(middle)).containsExactly("s3", "s4", "s5");
        assertThat(middle.nextOffset()).isEqualTo(OptionalInt.of(6));

        var last = list(all.page(6, 3));
        assertThat(names(last)).containsExactly("s6");
        assertThat(last.total()).isEqualTo(7);
        assertThat(last.nextOffset()).isEmpty();

        var exactEnd = list(all.page(4, 3));
        assertThat(names(exactEnd)).containsExactly("s4", "s5", "s6");
        assertThat(exactEnd.total()).isEqualTo(7);
        assertThat(exactEnd.nextOffset()).isEmpty();

        var beyond = list(all.page(10, 3));
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.total()).isEqualTo(7);
        assertThat(beyond.nextOffset()).isEmpty();
    }

    @Test
    void listsEmptyType() {
        create(globalSecret("g"));

        var page = list(ListQuery.all(ResourceType.SECRET));

        assertThat(page.items()).isEmpty();
        assertThat(page.total()).isZero();
        assertThat(page.nextOffset()).isEmpty();
    }

    @Test
    void filtersByCaseSensitiveNameSubstringWithoutWildcards() {
        for (var name : List.of("web-1", "web-2", "db-1", "a%b", "a_b", "axb", "a\\b", "ab")) {
            create(secret("default", name));
        }

        assertThat(names(list(named("web")))).containsExactly("web-1", "web-2");
        assertThat(names(list(named("-1")))).containsExactly("db-1", "web-1");
        assertThat(names(list(named("%")))).containsExactly("a%b");
        assertThat(names(list(named("_")))).containsExactly("a_b");
        assertThat(names(list(named("\\")))).containsExactly("a\\b");
        assertThat(names(list(named("WEB")))).isEmpty();
        var paged = list(named("b").page(0, 2));
        assertThat(paged.total()).isEqualTo(8);
        assertThat(paged.nextOffset()).isEqualTo(OptionalInt.of(2));
    }

    private static ListQuery named(String substring) {
        return new ListQuery(ResourceType.SECRET, Optional.empty(), substring, Map.of(), 0, ListQuery.MAX_PAGE_SIZE);
    }

    @Test
    void filtersByAllGivenLabels() {
        create(secret("default", "prod-x", Map.of("env", "prod", "team", "x")));
        create(secret("default", "prod", Map.of("env", "prod")));
        create(secret("default", "dev-x", Map.of("env", "dev", "team", "x")));
        create(secret("default", "quoted", Map.of("note", "a\"b", "env", "prod")));

        assertThat(names(list(labelled(Map.of("env", "prod"))))).containsExactly("prod", "prod-x", "quoted");
        assertThat(names(list(labelled(Map.of("env", "prod", "team", "x"))))).containsExactly("prod-x");
        assertThat(names(list(labelled(Map.of("team", "x"))))).containsExactly("dev-x", "prod-x");
        assertThat(names(list(labelled(Map.of("note", "a\"b"))))).containsExactly("quoted");
        assertThat(names(list(labelled(Map.of("env", "staging"))))).isEmpty();
        var combined = new ListQuery(ResourceType.SECRET, Optional.of("default"), "x", Map.of("env", "prod"), 0, 10);
        var page = list(combined);
        assertThat(names(page)).containsExactly("prod-x");
        assertThat(page.total()).isEqualTo(1);
    }

    private static ListQuery labelled(Map<String, String> labels) {
        return new ListQuery(ResourceType.SECRET, Optional.empty(), "", labels, 0, ListQuery.MAX_PAGE_SIZE);
    }

    @Test
    void restrictsListToOneMeshAndOneType() {
        create(secret("a", "s1"));
        create(secret("a", "s2"));
        create(secret("b", "s1"));
        create(globalSecret("s1"));

        var inA = list(ListQuery.inMesh(ResourceType.SECRET, "a"));
        assertThat(inA.items()).extracting(Resource::mesh).containsOnly("a");
        assertThat(inA.total()).isEqualTo(2);

        var globals = list(ListQuery.all(ResourceType.GLOBAL_SECRET));
        assertThat(globals.items())
                .extracting(Resource::key)
                .containsExactly(ResourceKey.global(ResourceType.GLOBAL_SECRET, "s1"));
        assertThat(list(ListQuery.inMesh(ResourceType.SECRET, "c")).total()).isZero();
    }

    @Test
    void countsTypeAcrossMeshes() {
        create(secret("a", "s1"));
        create(secret("b", "s1"));
        create(secret("b", "s2"));
        create(mesh("a"));

        assertThat(await(store().count(ResourceType.SECRET))).isEqualTo(3);
        assertThat(await(store().count(ResourceType.MESH))).isEqualTo(1);
        assertThat(await(store().count(ResourceType.GLOBAL_SECRET))).isZero();
    }

    // ---- concurrency

    @Test
    void concurrentUpdatesFromOneVersionHaveExactlyOneWinner() {
        var created = create(secret("default", "contended"));

        var outcomes = concurrently(8, i -> store().update(created.withSpec(spec("writer", "w" + i), Map.of())));

        assertThat(outcomes).filteredOn(o -> o == null).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o != null).hasSize(7).allMatch(StoreException.Conflict.class::isInstance);
        assertThat(get(created.key()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void concurrentCreatesOfOneKeyHaveExactlyOneWinner() {
        var outcomes = concurrently(8, i -> store().create(secret("default", "race", Map.of("writer", "w" + i))));

        assertThat(outcomes).filteredOn(o -> o == null).hasSize(1);
        assertThat(outcomes)
                .filteredOn(o -> o != null)
                .hasSize(7)
                .allMatch(StoreException.AlreadyExists.class::isInstance);
        assertThat(await(store().count(ResourceType.SECRET))).isEqualTo(1);
    }

    /** Subscribes to all operations at once; returns each one's failure, or null for a success. */
    private static List<Throwable> concurrently(int n, IntFunction<Uni<?>> op) {
        List<Uni<Throwable>> unis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            unis.add(op.apply(i).onItemOrFailure().transform((item, failure) -> failure));
        }
        return await(Uni.join().all(unis).andFailFast());
    }

    // ---- change feed

    @Test
    void announcesEveryCommittedWriteAndNothingElse() {
        var events = AssertSubscriber.<ResourceChange>create(Long.MAX_VALUE);
        feed().changes()
                .filter(c -> c.kind() == Kind.RESYNC
                        || "ev".equals(c.mesh())
                        || "ev".equals(c.name())
                        || "end".equals(c.name()))
                .subscribe()
                .withSubscriber(events);

        var mesh = create(mesh("ev"));
        var s1 = create(secret("ev", "s1"));
        var s1v2 = await(store().update(s1.withSpec(spec("data", "v2"), Map.of())));
        failureOf(store().update(s1.withSpec(spec("data", "stale"), Map.of())));
        failureOf(store().create(secret("ev", "s1")));
        failureOf(store().delete(ResourceKey.inMesh(ResourceType.SECRET, "ev", "ghost")));
        await(store().delete(s1v2.key()));
        create(secret("ev", "s2"));
        create(secret("ev", "s3"));
        await(store().delete(mesh.key()));
        // Changes arrive in commit order: once this one is seen, a change of any earlier write would have been too.
        create(globalSecret("end"));

        var expected = List.of(
                change(Kind.CREATED, ResourceType.MESH, "", "ev"),
                change(Kind.CREATED, ResourceType.SECRET, "ev", "s1"),
                change(Kind.UPDATED, ResourceType.SECRET, "ev", "s1"),
                change(Kind.DELETED, ResourceType.SECRET, "ev", "s1"),
                change(Kind.CREATED, ResourceType.SECRET, "ev", "s2"),
                change(Kind.CREATED, ResourceType.SECRET, "ev", "s3"),
                change(Kind.DELETED, ResourceType.MESH, "", "ev"),
                change(Kind.DELETED, ResourceType.SECRET, "ev", "s2"),
                change(Kind.DELETED, ResourceType.SECRET, "ev", "s3"),
                change(Kind.CREATED, ResourceType.GLOBAL_SECRET, "", "end"));
        events.awaitItems(expected.size(), TIMEOUT);
        events.cancel();
        // The cascade's rows may be deleted in any order within their transaction.
        var items = events.getItems();
        assertThat(items.subList(0, 7)).containsExactlyElementsOf(expected.subList(0, 7));
        assertThat(items.subList(7, 9)).containsExactlyInAnyOrderElementsOf(expected.subList(7, 9));
        assertThat(items.subList(9, items.size())).containsExactlyElementsOf(expected.subList(9, 10));
    }

    private static ResourceChange change(Kind kind, ResourceType type, String mesh, String name) {
        return new ResourceChange(kind, type, mesh, name);
    }
}
