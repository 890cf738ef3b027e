package io.meshtrust.insights.model;

import io.meshtrust.store.ListQuery;
import io.meshtrust.store.Resource;
import io.meshtrust.store.ResourceType;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of Dataplanes with their insights (Kuma's {@code DataplaneOverview} lists,
 * {@code pkg/api-server/dataplane_overview_endpoints.go}), also used for plain Dataplane lists, which accept the same
 * {@code tag} and {@code gateway} filters ({@code pkg/api-server/filters/filtering.go}). The filters on the spec are
 * {@link DataplaneNetworking}'s.
 *
 * @param list              mesh, {@code name} substring, {@code filter[labels.k]} and paging, over Dataplanes
 * @param tags              Kuma's fuzzy tag selector: one inbound (or the gateway) must have every key, with a value
 *                          containing the given one ({@code *}: any value); empty matches every Dataplane
 * @param gateway           Kuma's {@code gateway} filter
 * @param certExpiresBefore only certificates whose {@code notAfter} is before this instant
 * @param certExpiresAfter  only certificates whose {@code notAfter} is after this instant
 * @param certState         only certificates in this state at {@code at}
 * @param at                the instant (and overdue grace) {@code certState} is evaluated at
 * @param insightRequired   only Dataplanes that have an insight (the {@code dataplane-insights} lists)
 * @param attachInsights    whether the page carries the insights (false for plain Dataplane lists)
 */
public record OverviewQuery(
        ListQuery list,
        Map<String, String> tags,
        Gateway gateway,
        Optional<Instant> certExpiresBefore,
        Optional<Instant> certExpiresAfter,
        Optional<CertState> certState,
        CertState.At at,
        boolean insightRequired,
        boolean attachInsights) {

    /** The tag value that matches any value of the key. */
    public static final String TAG_ANY = DataplaneNetworking.TAG_ANY;

    public OverviewQuery {
        Objects.requireNonNull(list, "list");
        if (list.type() != ResourceType.DATAPLANE) {
            throw new IllegalArgumentException("an overview lists Dataplanes, not " + list.type());
        }
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        gateway = gateway == null ? Gateway.ANY : gateway;
        certExpiresBefore = certExpiresBefore == null ? Optional.empty() : certExpiresBefore;
        certExpiresAfter = certExpiresAfter == null ? Optional.empty() : certExpiresAfter;
        certState = certState == null ? Optional.empty() : certState;
        Objects.requireNonNull(at, "at");
    }

    /** Dataplanes with their insights, without the certificate filters. */
    public static OverviewQuery of(ListQuery list, Map<String, String> tags, Gateway gateway, CertState.At at) {
        return new OverviewQuery(
                list, tags, gateway, Optional.empty(), Optional.empty(), Optional.empty(), at, false, true);
    }

    public OverviewQuery withCertificates(Optional<Instant> expiresBefore, Optional<CertState> state) {
        return withCertificates(expiresBefore, Optional.empty(), state);
    }

    public OverviewQuery withCertificates(
            Optional<Instant> expiresBefore, Optional<Instant> expiresAfter, Optional<CertState> state) {
        return new OverviewQuery(
                list, tags, gateway, expiresBefore, expiresAfter, state, at, insightRequired, attachInsights);
    }

    public OverviewQuery onlyWithInsight() {
        return new OverviewQuery(
                list, tags, gateway, certExpiresBefore, certExpiresAfter, certState, at, true, attachInsights);
    }

    public OverviewQuery withoutInsights() {
        return new OverviewQuery(
                list, tags, gateway, certExpiresBefore, certExpiresAfter, certState, at, insightRequired, false);
    }

    /** Whether a query reads insights to filter (rather than only to attach them). */
    public boolean filtersOnInsights() {
        return insightRequired
                || certExpiresBefore.isPresent()
                || certExpiresAfter.isPresent()
                || certState.isPresent();
    }

    /** Kuma's {@code gateway} query parameter ({@code gatewayModeFilterFromParameter}). */
    public enum Gateway {
        /** No filter. */
        ANY,
        /** {@code true}: has a gateway. */
        PRESENT,
        /** {@code false}: has no gateway. */
        ABSENT,
        /** A gateway of type {@code BUILTIN}. */
        BUILTIN,
        /** A gateway of type {@code DELEGATED} (the default type). */
        DELEGATED
    }

    /** Whether a Dataplane passes the filters on its meta and spec (not the certificate filters, not the paging). */
    public boolean matches(Resource dataplane) {
        return list.matches(dataplane)
                && DataplaneNetworking.matches(dataplane.spec(), gateway)
                && DataplaneNetworking.matchesTagsFuzzy(dataplane.spec(), tags);
    }
}
