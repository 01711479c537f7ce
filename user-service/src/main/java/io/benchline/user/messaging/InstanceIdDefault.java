package io.benchline.user.messaging;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Gives {@value #PROPERTY} a default when nobody set it: {@code HOSTNAME} (a Kubernetes pod's name, a container's
 * id), else the machine's host name. The id names this instance's transactional ids ({@link TransactionalIds}), so
 * it must survive a restart of the instance and differ between instances that run at the same time. Added last, so
 * every other source (command line, environment, application.yml) wins. Public only because Spring instantiates it
 * from {@code META-INF/spring.factories}.
 */
public class InstanceIdDefault implements EnvironmentPostProcessor {

    static final String PROPERTY = "benchline.user.instance-id";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty(PROPERTY))) {
            return;
        }
        String hostname = environment.getProperty("HOSTNAME");
        String id = StringUtils.hasText(hostname) ? hostname.strip() : localHostName();
        environment
                .getPropertySources()
                .addLast(new MapPropertySource("benchlineUserInstanceId", Map.of(PROPERTY, id)));
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // Still stable across restarts on this machine; only two instances on one such machine would clash.
            return "localhost";
        }
    }
}
