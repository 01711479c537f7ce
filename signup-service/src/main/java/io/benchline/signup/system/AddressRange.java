package io.benchline.signup.system;

import java.net.InetAddress;

/** A CIDR range such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a range of one. */
record AddressRange(byte[] network, int prefixLength) {

    static AddressRange parse(String cidr) {
        String[] parts = cidr.strip().split("/", 2);
        InetAddress address = AddressLiterals.parse(parts[0])
                .orElseThrow(() -> new IllegalArgumentException("not an IP address range: " + cidr));
        byte[] bytes = address.getAddress();
        int prefix;
        try {
            prefix = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : bytes.length * 8;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IP address range: " + cidr, e);
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix length out of range: " + cidr);
        }
        return new AddressRange(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (bytes[full] & mask) == (network[full] & mask);
    }
}
