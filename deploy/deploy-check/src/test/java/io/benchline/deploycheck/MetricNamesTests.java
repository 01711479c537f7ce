package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every metric an alert rule or a dashboard panel reads must be one a service exports (or a recording rule). */
class MetricNamesTests {

    private static final List<Path> RULE_FILES = Repository.files("deploy/prometheus/rules", ".rules.yml");
    private static final List<Path> DASHBOARDS = Repository.files("deploy/grafana/dashboards", ".json");

    @Test
    void everyMetricAnAlertOrRecordingRuleReadsIsExported() {
        Set<String> exported = ExportedMetrics.names();
        Set<String> recorded = recordedNames();
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        rules().forEach(rule -> {
            String name = rule.getOrDefault("alert", rule.get("record")).toString();
            unknownNames(rule.get("expr").toString(), exported, recorded)
                    .forEach(metric ->
                            missing.computeIfAbsent(name, k -> new TreeSet<>()).add(metric));
        });
        assertThat(missing)
                .as("rule -> metrics no service exports (%s)", source())
                .isEmpty();
    }

    @Test
    void everyMetricADashboardPanelReadsIsExported() {
        Set<String> exported = ExportedMetrics.names();
        Set<String> recorded = recordedNames();
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (Path dashboard : DASHBOARDS) {
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    unknownNames(target.path("expr").asString(""), exported, recorded)
                            .forEach(metric -> missing.computeIfAbsent(
                                            Repository.relative(dashboard) + " / "
                                                    + panel.path("title").asString(),
                                            k -> new TreeSet<>())
                                    .add(metric));
                }
            }
        }
        assertThat(DASHBOARDS).isNotEmpty();
        assertThat(missing)
                .as("panel -> metrics no service exports (%s)", source())
                .isEmpty();
    }

    @Test
    void theCatalogueListsEveryMeterTheServicesRegister() {
        Set<String> catalogue = ExportedMetrics.fromCatalogue();
        List<String> missing = new ArrayList<>();
        for (String service : ServiceClasses.SERVICES) {
            for (String meter : ServiceClasses.meterNames(service)) {
                String base = meter.replace('.', '_');
                if (catalogue.stream().noneMatch(n -> n.equals(base) || n.startsWith(base + "_"))) {
                    missing.add(service + ": " + meter);
                }
            }
        }
        assertThat(missing)
                .as("meters registered in code but missing from %s", Repository.relative(ExportedMetrics.CATALOGUE))
                .isEmpty();
        // Guards the class reading itself: builders with a literal name and a Gauge with captured arguments.
        assertThat(ServiceClasses.meterNames("signup-service")).contains("benchline.signup.outcomes");
        assertThat(ServiceClasses.meterNames("provisioner-service")).anyMatch(n -> n.startsWith("provisioner."));
        assertThat(ServiceClasses.meterNames("verifier-service")).contains("benchline.verifier.in.flight");
    }

    @Test
    void everyAlertHasAUnitTestAndARunbookSection() {
        String runbook = Repository.read(Repository.path("deploy/RUNBOOK.md"));
        String tests = Repository.files("deploy/prometheus/tests", ".test.yml").stream()
                .map(Repository::read)
                .reduce("", String::concat);
        List<String> alerts = rules().stream()
                .filter(r -> r.containsKey("alert"))
                .map(r -> r.get("alert").toString())
                .toList();
        assertThat(alerts).isNotEmpty();
        for (String alert : alerts) {
            assertThat(tests).as("a promtool test for %s", alert).contains("alertname: " + alert + "\n");
            assertThat(runbook).as("a runbook section for %s", alert).contains("### " + alert + "\n");
        }
    }

    private static Set<String> unknownNames(String expression, Set<String> exported, Set<String> recorded) {
        Set<String> unknown = new TreeSet<>();
        for (String name : PromQlMetricNames.in(expression)) {
            boolean known = name.contains(":")
                    ? recorded.contains(name)
                    : exported.contains(name) || ExportedMetrics.PROMETHEUS_OWN.contains(name);
            if (!known) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    private static Set<String> recordedNames() {
        Set<String> names = new TreeSet<>();
        rules().stream()
                .filter(r -> r.containsKey("record"))
                .forEach(r -> names.add(r.get("record").toString()));
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Path file : RULE_FILES) {
            for (Object group : (List<Object>) YamlFiles.single(file).get("groups")) {
                rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
            }
        }
        return rules;
    }

    /** Top-level panels and the panels of collapsed rows. */
    static List<JsonNode> panels(Path dashboard) {
        JsonNode root = JsonMapper.builder().build().readTree(Repository.read(dashboard));
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static String source() {
        String scrapes = System.getProperty("benchline.metrics.scrapes", "");
        return scrapes.isBlank() ? Repository.relative(ExportedMetrics.CATALOGUE) : "scrapes in " + scrapes;
    }
}
