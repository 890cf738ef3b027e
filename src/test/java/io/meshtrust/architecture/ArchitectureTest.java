package io.meshtrust.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaConstructorReference;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaMethodReference;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.List;

/**
 * The package rules of {@code docs/architecture.md}, checked on the main classes at every build: no cycle between
 * top-level packages, and the "never" rules (the store knows no HTTP, crypto and values are pure, tokens know no
 * X.509 minting, CAs know no tokens, the CLI talks HTTP, {@code api/} depends on nothing of ours, nothing depends on
 * {@code http/}).
 *
 * <p>A dependency that must break a rule for a while is frozen in {@link #ALLOWED} (empty since issue 14): each entry
 * names one dependency and the issue point that removes it. {@link #everyAllowedDependencyStillExists} fails once an
 * entry is no longer needed, so the list only shrinks: whoever removes the dependency removes the entry.
 *
 * <p>Every rule is an {@code @ArchTest} method, not a field: Surefire 3.5.3 does not run {@code @ArchTest} fields
 * (TNG/ArchUnit#1442).
 */
@AnalyzeClasses(packages = "io.meshtrust", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String OURS = "io.meshtrust..";

    /**
     * A dependency that breaks a rule today and is going away.
     *
     * @param origin    a class (its nested classes and lambdas included)
     * @param target    a class, or a package pattern ending in {@code ..}
     * @param removedBy the issue point (and branch) whose work removes it
     */
    record Allowed(String origin, String target, String removedBy) {

        boolean matches(Dependency dependency) {
            return ArchitectureTest.matches(dependency.getOriginClass(), origin)
                    && ArchitectureTest.matches(dependency.getTargetClass(), target);
        }
    }

    /** Frozen violations; see the class comment. Entries go as the branches that remove them merge. */
    static final List<Allowed> ALLOWED = List.of();

    /**
     * A slice per top-level package, except that the store's adapters ({@code store.memory}, {@code store.postgres})
     * and its wiring ({@code store.wiring}) are slices of their own: they implement ports of other packages too
     * ({@code insights.model}'s queries) and may depend on them, while the {@code store} ports depend on nothing of
     * ours.
     */
    static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            String name = type.getPackageName();
            if (!name.startsWith("io.meshtrust.")) {
                return SliceIdentifier.ignore();
            }
            String[] parts = name.substring("io.meshtrust.".length()).split("\\.");
            return parts[0].equals("store") && parts.length > 1
                    ? SliceIdentifier.of("store." + parts[1])
                    : SliceIdentifier.of(parts[0]);
        }

        @Override
        public String getDescription() {
            return "top-level packages of io.meshtrust, store's adapters apart";
        }
    };

    @ArchTest
    static void noCycleBetweenTopLevelPackages(JavaClasses classes) {
        withAllowed(slices().assignedFrom(PACKAGES).should().beFreeOfCycles()).check(classes);
    }

    @ArchTest
    static void storeKnowsNoHttp(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.meshtrust.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "jakarta.ws.rs..",
                        "io.vertx.ext.web..",
                        "io.vertx.core.http..",
                        "org.jboss.resteasy..",
                        "io.quarkus.resteasy..",
                        "io.quarkus.vertx.http..")
                .because("the store is a port with two adapters; HTTP is the resources' business")
                .check(classes);
    }

    @ArchTest
    static void cryptoIsPure(JavaClasses classes) {
        onlyOurDependencies("io.meshtrust.crypto..", "io.meshtrust.crypto..")
                .because("crypto/ is PEM, keys and the worker pool: every package may use it, it uses none")
                .check(classes);
    }

    @ArchTest
    static void valuesArePure(JavaClasses classes) {
        onlyOurDependencies("io.meshtrust.values..", "io.meshtrust.values..")
                .because("values/ holds Go's and Kuma's value syntaxes that configuration, API and CLI all read")
                .check(classes);
    }

    @ArchTest
    static void tokensKnowNoX509Minting(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.meshtrust.tokens..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.meshtrust.certificates..", "io.meshtrust.ca..")
                .because("a token family signs JWTs; leaf certificates are minted by certificates/ through ca/")
                .check(classes);
    }

    @ArchTest
    static void casKnowNoTokens(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.meshtrust.ca..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.meshtrust.tokens..")
                .because("a CA backend signs what certificates/ hands it; who may ask is decided before")
                .check(classes);
    }

    /**
     * The CLI reaches the server over HTTP only. What it may use of ours works offline, as kumactl does: crypto/
     * (key and self-signed certificate generation, PEM), values/ (Go durations) and the JWT encoding
     * ({@code tokens.Jwt}, which depends on nothing of ours) for offline token signing.
     */
    @ArchTest
    static void cliTalksHttpOnly(JavaClasses classes) {
        onlyOurDependencies(
                        "io.meshtrust.cli..",
                        "io.meshtrust.cli..",
                        "io.meshtrust.crypto..",
                        "io.meshtrust.values..",
                        "io.meshtrust.tokens.Jwt")
                .check(classes);
    }

    @ArchTest
    static void jwtEncodingIsPure(JavaClasses classes) {
        onlyOurDependencies("io.meshtrust.tokens.Jwt", "io.meshtrust.tokens.Jwt")
                .because("the CLI signs tokens offline with it")
                .check(classes);
    }

    @ArchTest
    static void apiDependsOnNothingOfOurs(JavaClasses classes) {
        onlyOurDependencies("io.meshtrust.api..", "io.meshtrust.api..")
                .because("api/ is the base every endpoint builds on: errors, paging, request hygiene")
                .check(classes);
    }

    @ArchTest
    static void nothingDependsOnHttp(JavaClasses classes) {
        classes()
                .that()
                .resideOutsideOfPackage("io.meshtrust.http..")
                .should(notDependOn(resideInAPackage("io.meshtrust.http..")))
                .because("http/ composes the HTTP layer (the error table names every package's exceptions)")
                .check(classes);
    }

    /**
     * Only the HTTP layer makes Kuma's status-named errors ({@code api.ApiException}): {@code api/}, {@code http/},
     * {@code resources/} (the generic endpoints), and classes that are JAX-RS resources or filters ({@code @Path}, or
     * named {@code *Resource}, {@code *Endpoints}, {@code *Filter}). Domain code throws its package's own exceptions
     * and {@code http/ErrorMapper} gives each one row ({@code docs/architecture.md}, "Errors: one table"). A
     * construction that must stay for a while is an {@link #ALLOWED} entry whose target is the {@code ApiException}
     * subclass.
     */
    @ArchTest
    static void onlyTheHttpLayerConstructsApiException(JavaClasses classes) {
        classes()
                .that(DescribedPredicate.describe("are outside the HTTP layer", c -> !isHttpLayer(c)))
                .should(notConstruct("io.meshtrust.api.ApiException"))
                .because("domain code throws domain exceptions; one table maps them to Kuma's bodies")
                .check(classes);
    }

    /**
     * No endpoint lands on the worker pool by accident: RESTEasy Reactive runs a resource method that returns neither
     * a {@code Uni} nor a {@code Multi} on a worker thread, a hand-off (park, unpark, a context switch each way) that
     * cost {@code GET /who-am-i} more CPU than the endpoint itself. A synchronous endpoint must compute only (no
     * blocking call) and say so with {@code @NonBlocking}; one that must block says {@code @Blocking}.
     */
    @ArchTest
    static void synchronousEndpointsSayWhereTheyRun(JavaClasses classes) {
        methods()
                .that(DescribedPredicate.describe(
                        "are JAX-RS resource methods returning neither Uni nor Multi",
                        m -> isResourceMethod(m)
                                && !m.getRawReturnType().isAssignableTo("io.smallrye.mutiny.Uni")
                                && !m.getRawReturnType().isAssignableTo("io.smallrye.mutiny.Multi")))
                .should(ArchCondition.from(DescribedPredicate.describe(
                        "be annotated @NonBlocking or @Blocking",
                        (JavaMethod m) -> m.isAnnotatedWith("io.smallrye.common.annotation.NonBlocking")
                                || m.isAnnotatedWith("io.smallrye.common.annotation.Blocking"))))
                .because("a synchronous endpoint otherwise runs on the worker pool, a thread hand-off per request")
                .allowEmptyShould(true)
                .check(classes);
    }

    private static boolean isResourceMethod(JavaMethod m) {
        return List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS").stream()
                .anyMatch(verb -> m.isAnnotatedWith("jakarta.ws.rs." + verb));
    }

    /** An allowed dependency that no longer exists must leave {@link #ALLOWED}: the list only shrinks. */
    @ArchTest
    static void everyAllowedDependencyStillExists(JavaClasses classes) {
        List<Allowed> stale = ALLOWED.stream()
                .filter(allowed -> classes.stream()
                        .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                        .noneMatch(allowed::matches))
                .toList();
        assertThat(stale)
                .as("allow-list entries whose dependency is gone; remove them")
                .isEmpty();
    }

    private static SliceRule withAllowed(SliceRule rule) {
        SliceRule result = rule;
        for (Allowed allowed : ALLOWED) {
            result = result.ignoreDependency(matching(allowed.origin()), matching(allowed.target()));
        }
        return result;
    }

    /**
     * Classes matching {@code subject} (a package pattern, or a class and its nested classes) may depend, of ours,
     * only on {@code permitted} (package patterns or class names), apart from {@link #ALLOWED}.
     */
    private static ArchRule onlyOurDependencies(String subject, String... permitted) {
        DescribedPredicate<JavaClass> permittedTargets = DescribedPredicate.describe(
                String.join(", ", permitted), c -> List.of(permitted).stream().anyMatch(p -> matches(c, p)));
        return classes()
                .that(matching(subject))
                .should(notDependOn(resideInAPackage(OURS).and(DescribedPredicate.not(permittedTargets))));
    }

    /** A package pattern ending in {@code ..}, or a class name that also covers its nested classes and lambdas. */
    private static DescribedPredicate<JavaClass> matching(String pattern) {
        return DescribedPredicate.describe(pattern, c -> matches(c, pattern));
    }

    private static boolean matches(JavaClass type, String pattern) {
        return pattern.endsWith("..")
                ? resideInAnyPackage(pattern).test(type)
                : type.getName().equals(pattern) || type.getName().startsWith(pattern + "$");
    }

    /** The HTTP layer's packages, and JAX-RS resources and filters elsewhere (judged by their top-level class). */
    private static boolean isHttpLayer(JavaClass type) {
        JavaClass top = type;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        String name = top.getSimpleName();
        return resideInAnyPackage("io.meshtrust.api..", "io.meshtrust.http..", "io.meshtrust.resources..")
                        .test(top)
                || top.isAnnotatedWith("jakarta.ws.rs.Path")
                || name.endsWith("Resource")
                || name.endsWith("Endpoints")
                || name.endsWith("Filter");
    }

    /**
     * Fails on each constructor call, and each call of a static factory ({@code Invalid.of}), of {@code type} or a
     * subclass that is not in {@link #ALLOWED} (matched as origin class and the called class).
     */
    private static ArchCondition<JavaClass> notConstruct(String type) {
        return new ArchCondition<>("not construct " + type + " (apart from the allow-list)") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (JavaAccess<?> access : origin.getAccessesFromSelf()) {
                    JavaClass owner = access.getTargetOwner();
                    boolean constructs = access instanceof JavaConstructorCall
                            || access instanceof JavaConstructorReference
                            || ((access instanceof JavaMethodCall || access instanceof JavaMethodReference)
                                    && access.getTarget().resolveMember().stream()
                                            .anyMatch(m -> m.getModifiers().contains(JavaModifier.STATIC)
                                                    && m instanceof JavaMethod method
                                                    && method.getRawReturnType().isAssignableTo(type)));
                    if (owner.isAssignableTo(type)
                            && constructs
                            && ALLOWED.stream()
                                    .noneMatch(allowed -> matches(access.getOriginOwner(), allowed.origin())
                                            && matches(owner, allowed.target()))) {
                        events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                    }
                }
            }
        };
    }

    /** Fails on each direct dependency on {@code targets} that is not in {@link #ALLOWED}. */
    private static ArchCondition<JavaClass> notDependOn(DescribedPredicate<JavaClass> targets) {
        return new ArchCondition<>("not depend on " + targets.getDescription() + " (apart from the allow-list)") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                    if (targets.test(dependency.getTargetClass())
                            && ALLOWED.stream().noneMatch(allowed -> allowed.matches(dependency))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }
}
