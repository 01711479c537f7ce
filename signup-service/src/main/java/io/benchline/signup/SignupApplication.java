package io.benchline.signup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of signup-service: the signup API, the subdomain registry and live progress for the browser. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SignupApplication {

    /**
     * Reactor Netty (1.3.6) buffers a keep-alive request that arrives before the previous response's operations have
     * terminated, and when that buffered request is answered at once it may never read from the connection again
     * (reactor/reactor-netty#4361): a browser that asks for anything right after its event stream ended (the
     * customer's click on enterUrl) waits forever, more often the busier the machine. With this setting the finished
     * response is terminated when the next request arrives, which is then handled at once, never buffered (the
     * maintainers' stopgap). Drop it with a Reactor Netty that has the fix.
     */
    static final String LAST_FLUSH_WHEN_NO_READ = "reactor.netty.http.server.lastFlushWhenNoRead";

    public static void main(String[] args) {
        if (System.getProperty(LAST_FLUSH_WHEN_NO_READ) == null) {
            System.setProperty(LAST_FLUSH_WHEN_NO_READ, "true"); // before any Reactor Netty class reads it
        }
        SpringApplication.run(SignupApplication.class, args);
    }
}
