package io.benchline.signup.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pieces of the rate limit that need no server: address literals, ranges, /64 keys and bounded buckets. */
class ClientKeysTests {

    @Test
    void onlyLiteralsAreAddressesAndNoNameIsEverLookedUp() {
        assertThat(AddressLiterals.parse("192.0.2.1:4711"))
                .map(InetAddress::getHostAddress)
                .hasValue("192.0.2.1");
        assertThat(AddressLiterals.parse("\"[2001:db8::1]:4711\""))
                .map(InetAddress::getHostAddress)
                .hasValue("2001:db8:0:0:0:0:0:1");
        for (String notAnAddress : new String[] {"localhost", "evil.example", "999.1.1.1", "unknown", "_hidden", ""}) {
            assertThat(AddressLiterals.parse(notAnAddress)).as(notAnAddress).isEmpty();
        }
    }

    @Test
    void rangesMatchByPrefixAndFamily() {
        AddressRange tenEight = AddressRange.parse("10.0.0.0/8");
        assertThat(tenEight.contains(AddressLiterals.parse("10.200.3.4").orElseThrow()))
                .isTrue();
        assertThat(tenEight.contains(AddressLiterals.parse("11.0.0.1").orElseThrow()))
                .isFalse();
        assertThat(tenEight.contains(AddressLiterals.parse("::ffff:10.1.1.1").orElseThrow()))
                .isTrue();
        assertThat(AddressRange.parse("fd00::/8")
                        .contains(AddressLiterals.parse("fd12::1").orElseThrow()))
                .isTrue();
        assertThat(AddressRange.parse("192.0.2.7")
                        .contains(AddressLiterals.parse("192.0.2.8").orElseThrow()))
                .isFalse();
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressRange.parse("proxy.internal/8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIpv6ClientIsKeyedByItsSlash64() {
        assertThat(ClientAddresses.keyOf(
                        AddressLiterals.parse("2001:db8:1:2::1").orElseThrow()))
                .isEqualTo(ClientAddresses.keyOf(
                        AddressLiterals.parse("2001:db8:1:2:ffff::9").orElseThrow()))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddresses.keyOf(AddressLiterals.parse("192.0.2.1").orElseThrow()))
                .isEqualTo("192.0.2.1");
    }

    @Test
    void bucketsStayBoundedHoweverManyClientsCome() {
        ClientBuckets buckets = new ClientBuckets(1, Duration.ofHours(1), 100);
        for (int i = 0; i < 10_000; i++) {
            buckets.tryConsume("client-" + i);
        }
        assertThat(buckets.size()).isLessThanOrEqualTo(100);
    }
}
