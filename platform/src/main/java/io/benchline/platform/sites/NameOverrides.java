package io.benchline.platform.sites;

import io.netty.resolver.HostsFileEntriesResolver;
import io.netty.resolver.ResolvedAddressTypes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

/** Answers names from the configured overrides before DNS is asked; exact names win over {@code *.} patterns. */
final class NameOverrides implements HostsFileEntriesResolver {

    private final Map<String, InetAddress> exact = new java.util.HashMap<>();
    private final Map<String, InetAddress> suffixes = new java.util.HashMap<>();

    NameOverrides(Map<String, String> overrides) {
        overrides.forEach((name, address) -> {
            InetAddress ip = literal(name, address);
            String key = name.toLowerCase(Locale.ROOT);
            if (key.startsWith("*.")) {
                suffixes.put(key.substring(1), ip);
            } else {
                exact.put(key, ip);
            }
        });
    }

    @Override
    public InetAddress address(String host, ResolvedAddressTypes types) {
        String name = host.toLowerCase(Locale.ROOT);
        InetAddress ip = exact.get(name);
        if (ip != null) {
            return ip;
        }
        return suffixes.entrySet().stream()
                .filter(e -> name.endsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private static InetAddress literal(String name, String address) {
        if (!address.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new IllegalArgumentException(
                    "benchline.sites.resolve[" + name + "] must be an IP address, not " + address);
        }
        try {
            return InetAddress.getByName(address); // an IP literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("benchline.sites.resolve[" + name + "] is not an IP address", e);
        }
    }
}
