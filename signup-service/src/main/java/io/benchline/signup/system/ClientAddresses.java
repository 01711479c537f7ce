package io.benchline.signup.system;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Who a request comes from, as a rate-limit key. The TCP peer, unless the peer is a trusted proxy: then the
 * right-most address in {@code Forwarded} (or, without it, {@code X-Forwarded-For}) that is not a trusted proxy,
 * because everything left of it was written by the client and may be made up. An IPv6 client is its /64, the
 * block one subscriber gets; an IPv4 client its address. One bean, so every per-client limit counts the same client.
 */
public final class ClientAddresses {

    private final List<AddressRange> trustedProxies;

    ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(AddressRange::parse).toList();
    }

    /** The client behind this request: what rate limits and stream caps count per. */
    public String keyOf(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return "unknown";
        }
        InetAddress client = remote.getAddress();
        if (isTrusted(client)) {
            List<String> hops = forwardedFor(request.getHeaders());
            for (int i = hops.size() - 1; i >= 0; i--) {
                Optional<InetAddress> hop = AddressLiterals.parse(hops.get(i));
                if (hop.isEmpty()) {
                    break; // unreadable (or "unknown"): the last proxy we trust is as far as we can tell
                }
                client = hop.get();
                if (!isTrusted(client)) {
                    break;
                }
            }
        }
        return keyOf(client);
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }

    static String keyOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)))
                    .append(':');
        }
        return prefix.append(":/64").toString();
    }

    /** The addresses the proxies recorded, client first; {@code Forwarded} (RFC 7239) wins when present. */
    private static List<String> forwardedFor(HttpHeaders headers) {
        List<String> hops = new ArrayList<>();
        List<String> forwarded = headers.get("Forwarded");
        if (forwarded != null && !forwarded.isEmpty()) {
            for (String line : forwarded) {
                for (String element : line.split(",")) {
                    String forParameter = "";
                    for (String pair : element.split(";")) {
                        String[] nameValue = pair.split("=", 2);
                        if (nameValue.length == 2
                                && nameValue[0].strip().toLowerCase(Locale.ROOT).equals("for")) {
                            forParameter = nameValue[1].strip();
                        }
                    }
                    hops.add(forParameter);
                }
            }
            return hops;
        }
        for (String line : headers.getOrEmpty("X-Forwarded-For")) {
            for (String hop : line.split(",")) {
                hops.add(hop.strip());
            }
        }
        return hops;
    }
}
