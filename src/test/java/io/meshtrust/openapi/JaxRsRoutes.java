package io.meshtrust.openapi;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The JAX-RS routes of meshtrust, read from the code (the {@code @Path} and HTTP-method annotations of the
 * {@code io.meshtrust} classes), as OpenAPI paths: a template parameter whose regex is a plain alternation
 * ({@code {collection: global-secrets|globalsecrets}}) is one path per alternative, any other regex is dropped
 * ({@code {name: .+}} is {@code {name}}).
 */
final class JaxRsRoutes {

    /** One method on one path, and what the Java method reads from the request. */
    record Route(
            String method,
            String path,
            Set<String> pathParams,
            Set<String> queryParams,
            boolean readsAnyQuery,
            boolean hasBody,
            String javaMethod) {

        String label() {
            return method + " " + path + " (" + javaMethod + ")";
        }
    }

    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([\\w.-]+)\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");
    private static final Pattern ALTERNATION = Pattern.compile("(?:[\\w-]|\\[\\+])+(?:\\|(?:[\\w-]|\\[\\+])+)*");
    private static final Set<Class<?>> CONTEXT_TYPES = Set.of(
            UriInfo.class,
            HttpHeaders.class,
            Request.class,
            SecurityContext.class,
            ContainerRequestContext.class,
            HttpServerRequest.class,
            RoutingContext.class,
            AsyncResponse.class);

    private JaxRsRoutes() {}

    /** Every route of the main classes under {@code io.meshtrust}. */
    static List<Route> ofApplication() {
        List<Class<?>> resources = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.meshtrust")) {
            if (c.isAnnotatedWith(Path.class) && !c.isInterface()) {
                resources.add(c.reflect());
            }
        }
        return of(resources.toArray(Class<?>[]::new));
    }

    static List<Route> of(Class<?>... resources) {
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method m : resource.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.isBridge()) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                List<String> verbs = httpMethods(m);
                String javaMethod = resource.getSimpleName() + "#" + m.getName();
                if (verbs.isEmpty()) {
                    if (sub != null) {
                        throw new IllegalStateException(javaMethod + " is a sub-resource locator; describe its routes "
                                + "in JaxRsRoutes before adding one");
                    }
                    continue;
                }
                String template = join(base, sub == null ? "" : sub.value());
                for (String path : expand(template)) {
                    for (String verb : verbs) {
                        routes.add(route(verb, path, m, javaMethod));
                    }
                }
            }
        }
        routes.sort(Comparator.comparing(Route::path).thenComparing(Route::method));
        return routes;
    }

    /** The template with alternations expanded and other regexes dropped, as OpenAPI paths. */
    static List<String> expand(String template) {
        Matcher m = TEMPLATE.matcher(template);
        if (!m.find()) {
            return List.of(template);
        }
        String before = template.substring(0, m.start());
        String after = template.substring(m.end());
        String regex = m.group(2) == null ? null : m.group(2).trim();
        List<String> heads = new ArrayList<>();
        if (regex != null && ALTERNATION.matcher(regex).matches()) {
            for (String literal : regex.split("\\|")) {
                heads.add(before + literal.replace("[+]", "+")); // zones[+]insights matches zones+insights
            }
        } else {
            heads.add(before + "{" + m.group(1) + "}");
        }
        List<String> out = new ArrayList<>();
        for (String head : heads) {
            for (String tail : expand(after)) {
                out.add(head + tail);
            }
        }
        return out;
    }

    /** The {@code {name}} parameters an OpenAPI path has. */
    static Set<String> templateParams(String path) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = TEMPLATE.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Route route(String verb, String path, Method m, String javaMethod) {
        Set<String> query = new LinkedHashSet<>();
        boolean anyQuery = false;
        boolean body = false;
        for (Parameter p : m.getParameters()) {
            String q = queryName(p);
            if (q != null) {
                query.add(q);
            } else if (p.getType() == UriInfo.class || p.getType() == HttpServerRequest.class) {
                anyQuery = true; // reads the query string itself (paging, filters)
            } else if (isEntity(p)) {
                body = true;
            }
        }
        return new Route(verb, path, templateParams(path), Set.copyOf(query), anyQuery, body, javaMethod);
    }

    private static List<String> httpMethods(Method m) {
        return Stream.of(m.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                .filter(h -> h != null)
                .map(HttpMethod::value)
                .toList();
    }

    private static String queryName(Parameter p) {
        QueryParam q = p.getAnnotation(QueryParam.class);
        if (q != null) {
            return q.value();
        }
        RestQuery r = p.getAnnotation(RestQuery.class);
        if (r != null) {
            return r.value().isEmpty() ? p.getName() : r.value();
        }
        return null;
    }

    private static final List<Class<? extends Annotation>> NOT_BODY = List.of(
            PathParam.class,
            QueryParam.class,
            HeaderParam.class,
            CookieParam.class,
            MatrixParam.class,
            FormParam.class,
            BeanParam.class,
            Context.class,
            RestPath.class,
            RestQuery.class,
            RestHeader.class,
            RestForm.class);

    private static boolean isEntity(Parameter p) {
        for (Class<? extends Annotation> a : NOT_BODY) {
            if (p.isAnnotationPresent(a)) {
                return false;
            }
        }
        return !CONTEXT_TYPES.contains(p.getType());
    }

    private static String join(String base, String sub) {
        String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
