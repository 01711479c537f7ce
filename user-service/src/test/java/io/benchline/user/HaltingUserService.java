package io.benchline.user;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * user-service as a process of its own that dies at its first transaction commit: the transaction's records and
 * offsets have reached the broker, then the JVM halts (no shutdown hook, no abort, sockets closed by the OS), as a
 * kill -9 between the first send and the commit would leave it. Started by {@link CrashedTransactionTests}.
 */
public final class HaltingUserService {

    static final int EXIT_STATUS = 137;

    private HaltingUserService() {}

    public static void main(String[] args) {
        new SpringApplicationBuilder(UserServiceApplication.class, HaltBeforeCommit.class).run(args);
    }

    /** A source of this application only: not a @Configuration, so the in-JVM services' component scan skips it. */
    static class HaltBeforeCommit {

        @Bean
        @SuppressWarnings({"unchecked", "rawtypes"})
        DefaultKafkaProducerFactoryCustomizer haltBeforeCommit() {
            return factory -> ((DefaultKafkaProducerFactory) factory).addPostProcessor(p -> halting((Producer) p));
        }
    }

    @SuppressWarnings("unchecked")
    private static Producer<Object, Object> halting(Producer<Object, Object> producer) {
        return (Producer<Object, Object>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("commitTransaction")) {
                        producer.flush();
                        System.out.println("halting before commitTransaction");
                        System.out.flush();
                        Runtime.getRuntime().halt(EXIT_STATUS);
                    }
                    try {
                        return method.invoke(producer, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
