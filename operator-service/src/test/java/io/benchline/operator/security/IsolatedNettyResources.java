package io.benchline.operator.security;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Several instances in one test JVM: each gets its own Netty event loops, because by default closing one
 * instance disposes Reactor Netty's global loops and with them every other instance's server.
 */
@TestConfiguration(proxyBeanMethods = false)
class IsolatedNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }
}
