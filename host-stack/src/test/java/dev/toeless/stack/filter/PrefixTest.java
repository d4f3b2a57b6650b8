package dev.toeless.stack.filter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrefixTest {

    @Test
    void ipv6TextIsRfc5952() {
        assertThat(Prefix.parse("2001:0db8:0000:0000:0000:0000:0000:0001").addressText()).isEqualTo("2001:db8::1");
        assertThat(Prefix.parse("::").addressText()).isEqualTo("::");
        assertThat(Prefix.parse("::1").addressText()).isEqualTo("::1");
        assertThat(Prefix.parse("1::").addressText()).isEqualTo("1::");
        assertThat(Prefix.parse("fe80::/10").toString()).isEqualTo("fe80::/10");
        assertThat(Prefix.parse("2001:db8:0:1:1:1:1:1").addressText()).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Prefix.parse("2001:0:0:1:0:0:0:1").addressText()).isEqualTo("2001:0:0:1::1");
        assertThat(Prefix.parse("2001:db8:0:0:1:0:0:1").addressText()).isEqualTo("2001:db8::1:0:0:1");
    }

    @Test
    void hostBitsAreCleared() {
        assertThat(Prefix.parse("10.1.2.3/8")).isEqualTo(Prefix.parse("10.0.0.0/8"));
        assertThat(Prefix.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
        assertThat(Prefix.parse("2001:db8::1/32").toString()).isEqualTo("2001:db8::/32");
    }

    @Test
    void strictAddressForms() {
        assertThatThrownBy(() -> Prefix.parse("10.1")).hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> Prefix.parse("10.1.2.3.4")).hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> Prefix.parse("10.1.2.3/")).hasMessageContaining("prefix length ''");
        assertThatThrownBy(() -> Prefix.parse("1:2:3")).hasMessageContaining("not an IPv6 address");
        assertThatThrownBy(() -> Prefix.parse("example.org")).hasMessageContaining("not an IPv4 address");
    }
}
