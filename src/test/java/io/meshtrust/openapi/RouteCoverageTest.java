package io.meshtrust.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshtrust.openapi.JaxRsRoutes.Route;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks of {@link OpenApiDocumentTest} on a planted resource and a planted document: each kind of drift between
 * the code and the document is found, and the sentence names the route, the method and the document.
 */
class RouteCoverageTest {

    @Path("/things")
    public static class Things {
        @GET
        public String list(@Context UriInfo uri) {
            return "";
        }

        @PUT
        @Path("{name}")
        public String put(@PathParam("name") String name, @QueryParam("force") String force, byte[] body) {
            return "";
        }

        @POST
        @Path("{name}/{kind: ping|pong}")
        public String ping(@PathParam("name") String name) {
            return "";
        }
    }

    private static final List<Route> ROUTES = JaxRsRoutes.of(Things.class);

    @Test
    void routesAreReadFromTheAnnotations() {
        assertThat(ROUTES)
                .extracting(r -> r.method() + " " + r.path())
                .containsExactly(
                        "GET /things", "PUT /things/{name}", "POST /things/{name}/ping", "POST /things/{name}/pong");
        Route put = ROUTES.get(1);
        assertThat(put.pathParams()).containsExactly("name");
        assertThat(put.queryParams()).containsExactly("force");
        assertThat(put.hasBody()).isTrue();
        assertThat(put.readsAnyQuery()).isFalse();
        assertThat(ROUTES.get(0).readsAnyQuery()).isTrue();
        assertThat(ROUTES.get(0).hasBody()).isFalse();
    }

    @Test
    void aDocumentThatMatchesHasNothingToSay() throws Exception {
        RouteCoverage coverage = new RouteCoverage(doc(COMPLETE), " in test.yaml");
        assertThat(coverage.undescribed(ROUTES)).isEmpty();
        assertThat(coverage.unserved(ROUTES)).isEmpty();
        assertThat(coverage.parameterMismatches(ROUTES)).isEmpty();
    }

    @Test
    void aMissingPathOrMethodIsNamed() throws Exception {
        RouteCoverage coverage = new RouteCoverage(
                doc(COMPLETE.replace("    post: {}\n", "    get: {}\n").replace("  /things:\n", "  /stuff:\n")),
                " in test.yaml");
        assertThat(coverage.undescribed(ROUTES))
                .containsExactly(
                        "path /things is missing in test.yaml (route GET /things (Things#list))",
                        "method post of /things/{name}/pong is missing in test.yaml (route POST /things/{name}/pong"
                                + " (Things#ping))");
        assertThat(coverage.unserved(ROUTES))
                .containsExactly(
                        "get /stuff in test.yaml is no JAX-RS route of io.meshtrust",
                        "get /things/{name}/pong in test.yaml is no JAX-RS route of io.meshtrust");
    }

    @Test
    void parametersAndBodiesThatDriftAreNamed() throws Exception {
        String drifted = COMPLETE.replace(
                        "        - name: force\n          in: query\n",
                        "        - name: dryRun\n" + "          in: query\n")
                .replace("      requestBody:\n        content: {}\n", "")
                .replace(
                        "  /things/{name}/ping:\n    post:\n",
                        "  /things/{name}/ping:\n    post:\n" + "      requestBody:\n        content: {}\n");
        RouteCoverage coverage = new RouteCoverage(doc(drifted), " in test.yaml");
        assertThat(coverage.parameterMismatches(ROUTES))
                .containsExactlyInAnyOrder(
                        "PUT /things/{name} in test.yaml: query parameter force (@QueryParam of Things#put) is not"
                                + " described",
                        "PUT /things/{name} in test.yaml: query parameter dryRun is described but Things#put reads no"
                                + " such parameter",
                        "PUT /things/{name} in test.yaml: Things#put reads a request body, describe it (requestBody)",
                        "POST /things/{name}/ping in test.yaml: requestBody is described but Things#ping reads no"
                                + " body");
        RouteCoverage wrongName = new RouteCoverage(
                doc(COMPLETE.replace(
                        "  /things/{name}/pong:\n    parameters:\n      - name: name\n",
                        "  /things/{name}/pong:\n    parameters:\n      - name: id\n")),
                " in test.yaml");
        assertThat(wrongName.parameterMismatches(ROUTES))
                .containsExactly("POST /things/{name}/pong in test.yaml: path parameters [id], the route has [name]");
    }

    private static JsonNode doc(String yaml) throws Exception {
        return new YAMLMapper().readTree(yaml);
    }

    private static final String COMPLETE = """
            paths:
              /things:
                get:
                  parameters:
                    - $ref: '#/components/parameters/offset'
              /things/{name}:
                put:
                  parameters:
                    - $ref: '#/components/parameters/name'
                    - name: force
                      in: query
                  requestBody:
                    content: {}
              /things/{name}/ping:
                post:
                  parameters:
                    - $ref: '#/components/parameters/name'
              /things/{name}/pong:
                parameters:
                  - name: name
                    in: path
                post: {}
            components:
              parameters:
                name:
                  name: name
                  in: path
                offset:
                  name: offset
                  in: query
            """;
}
