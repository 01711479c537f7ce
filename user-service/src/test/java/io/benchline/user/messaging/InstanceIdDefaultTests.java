package io.benchline.user.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The instance id that names the transactional ids: set, else HOSTNAME, else the machine's host name. */
class InstanceIdDefaultTests {

    @Test
    void anIdThatIsSetWins() {
        StandardEnvironment environment =
                environment(Map.of(InstanceIdDefault.PROPERTY, "user-service-1", "HOSTNAME", "pod-abc"));

        new InstanceIdDefault().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty(InstanceIdDefault.PROPERTY)).isEqualTo("user-service-1");
    }

    @Test
    void withoutOneThePodsNameIsTheId() {
        StandardEnvironment environment = environment(Map.of("HOSTNAME", "user-service-7d9f8-x2k9p"));

        new InstanceIdDefault().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty(InstanceIdDefault.PROPERTY)).isEqualTo("user-service-7d9f8-x2k9p");
        assertThat(environment.resolvePlaceholders("user-service-${benchline.user.instance-id}-"))
                .isEqualTo("user-service-user-service-7d9f8-x2k9p-");
    }

    @Test
    void withoutHostnameTheMachinesHostNameIsTheId() throws Exception {
        StandardEnvironment environment = environment(Map.of("HOSTNAME", " "));

        new InstanceIdDefault().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty(InstanceIdDefault.PROPERTY))
                .isEqualTo(InetAddress.getLocalHost().getHostName());
    }

    /** Only the given properties: the test's own environment variables must not leak in. */
    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .forEach(source -> environment.getPropertySources().remove(source.getName()));
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
