package io.benchline.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every YAML and dashboard file under deploy/ parses; dashboards use the provisioned data source. */
class WellFormedFilesTests {

    private static final List<String> FOLDERS =
            List.of("deploy/k8s", "deploy/compose", "deploy/prometheus", "deploy/grafana");

    @Test
    void everyYamlFileParses() {
        int files = 0;
        for (String folder : FOLDERS) {
            for (Path file : Repository.files(folder, ".yaml", ".yml")) {
                assertThat(YamlFiles.documents(file))
                        .as(Repository.relative(file))
                        .isNotEmpty();
                files++;
            }
        }
        assertThat(files).isGreaterThan(20);
    }

    @Test
    void dashboardsParseAndEveryPanelReadsTheProvisionedDataSource() {
        String uid = YamlFiles.text(
                ((List<?>) YamlFiles.single(Repository.path("deploy/grafana/provisioning/datasources/prometheus.yml"))
                                .get("datasources"))
                        .get(0),
                "uid");
        for (Path dashboard : Repository.files("deploy/grafana/dashboards", ".json")) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : MetricNamesTests.panels(dashboard)) {
                String title = panel.path("title").asString("");
                assertThat(title).as("panel title in %s", dashboard).isNotBlank();
                assertThat(ids.add(panel.path("id").asInt()))
                        .as("unique id of %s", title)
                        .isTrue();
                if (!"row".equals(panel.path("type").asString())) {
                    assertThat(panel.path("datasource").path("uid").asString())
                            .as(title)
                            .isEqualTo(uid);
                    assertThat(panel.path("targets")).as("queries of %s", title).isNotEmpty();
                }
            }
        }
    }
}
