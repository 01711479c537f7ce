package io.benchline.localstack;

import com.sun.tools.attach.VirtualMachine;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads the MBeans of one of the stack's JVMs through the JDK's attach API: the local management agent the JVM starts
 * on request, as {@code jconsole} does. No JMX port is opened for it, and only the user that runs the stack can
 * attach.
 */
final class AttachedJvm {

    /** What to read from the JVM's MBean server. */
    interface Read<T> {
        T from(MBeanServerConnection server) throws Exception;
    }

    private AttachedJvm() {}

    static <T> T read(long pid, Read<T> read) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            return read.from(connector.getMBeanServerConnection());
        }
    }
}
