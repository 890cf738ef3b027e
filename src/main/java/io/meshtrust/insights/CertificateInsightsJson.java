package io.meshtrust.insights;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshtrust.insights.CertificateInsights.CaExpiry;
import io.meshtrust.insights.CertificateInsights.Report;
import io.meshtrust.insights.model.InsightQueries.StateCounts;

/**
 * The JSON of a {@link CertificateInsights.Report} (README, "Endpoints"). Counts are always present, zeros included
 * (this is meshtrust's type, not a protobuf one); no certificate, key or PEM is part of it.
 *
 * <pre>
 * {"type": "CertificateInsights", "mesh": "m1" (mesh-scoped only), "creationTime": now,
 *  "dataplanes": {"total", "valid", "renewDue", "overdue", "expired", "none"},
 *  "expiringWithin": {"1h", "24h", "7d"},
 *  "backends": {"&lt;issued backend&gt;": {"total", "valid", "renewDue", "overdue", "expired"}},
 *  "soonest": [{"mesh", "name", "certificateExpirationTime", "issuedBackend", "state"}],
 *  "certificateAuthorities": [{"mesh", "backend", "type", "notAfter" | "error"}],
 *  "expirationHistogram": {"from", "until", "bucketSeconds", "counts": [n, ...]}}   (only with ?histogram=)
 * </pre>
 */
final class CertificateInsightsJson {

    static final String TYPE = "CertificateInsights";

    private CertificateInsightsJson() {}

    static ObjectNode render(Report report) {
        var stats = report.stats();
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", TYPE);
        report.mesh().ifPresent(m -> json.put("mesh", m));
        json.put("creationTime", InsightJson.time(report.now()));
        ObjectNode dataplanes = json.putObject("dataplanes");
        dataplanes.put("total", stats.states().total());
        counts(dataplanes, stats.states());
        dataplanes.put("none", stats.states().none());
        ObjectNode within = json.putObject("expiringWithin");
        CertificateInsights.WINDOW_ORDER.forEach(w -> within.put(w, report.expiringWithin(w)));
        ObjectNode backends = json.putObject("backends");
        stats.byBackend().forEach((backend, counts) -> {
            ObjectNode b = backends.putObject(backend);
            b.put("total", counts.total());
            counts(b, counts);
        });
        ArrayNode soonest = json.putArray("soonest");
        for (var e : stats.soonest()) {
            ObjectNode item = soonest.addObject();
            item.put("mesh", e.dataplane().mesh());
            item.put("name", e.dataplane().name());
            item.put("certificateExpirationTime", InsightJson.seconds(e.notAfter()));
            if (e.issuedBackend() != null) {
                item.put("issuedBackend", e.issuedBackend());
            }
            item.put("state", e.state().value());
        }
        ArrayNode cas = json.putArray("certificateAuthorities");
        report.authorities().forEach(ca -> cas.add(authority(ca)));
        report.histogram().ifPresent(histogram -> {
            ObjectNode h = json.putObject("expirationHistogram");
            h.put("from", InsightJson.seconds(report.now()));
            h.put("until", InsightJson.seconds(report.now().plus(histogram.spanCovered())));
            h.put("bucketSeconds", histogram.width().toSeconds());
            ArrayNode counts = h.putArray("counts");
            report.histogramCounts().forEach(counts::add);
        });
        return json;
    }

    private static ObjectNode authority(CaExpiry ca) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("mesh", ca.mesh());
        json.put("backend", ca.backend());
        ca.type().ifPresent(type -> json.put("type", type));
        ca.notAfter().ifPresent(notAfter -> json.put("notAfter", InsightJson.seconds(notAfter)));
        ca.error().ifPresent(error -> json.put("error", error));
        return json;
    }

    private static void counts(ObjectNode json, StateCounts counts) {
        json.put("valid", counts.valid());
        json.put("renewDue", counts.renewDue());
        json.put("overdue", counts.overdue());
        json.put("expired", counts.expired());
    }
}
