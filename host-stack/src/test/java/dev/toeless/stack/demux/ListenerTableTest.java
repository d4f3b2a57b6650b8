package dev.toeless.stack.demux;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerTableTest {
    private static final int ADDR_A = 0x0A000001;
    private static final int ADDR_B = 0x0A000002;
    private static final long NET = 0x2001_0db8_0000_0000L;

    private final ListenerTable<String> listeners = new ListenerTable<>(42);

    @Test
    void anExactBindingWinsOverTheWildcard() {
        listeners.putV4(ListenerTable.ANY_V4, 80, "any:80");
        listeners.putV4(ADDR_A, 80, "a:80");
        assertThat(listeners.lookupV4(ADDR_A, 80)).isEqualTo("a:80");
        assertThat(listeners.lookupV4(ADDR_B, 80)).isEqualTo("any:80");
        assertThat(listeners.lookupV4(ADDR_A, 81)).isNull();
        assertThat(listeners.removeV4(ADDR_A, 80)).isEqualTo("a:80");
        assertThat(listeners.lookupV4(ADDR_A, 80)).isEqualTo("any:80");
        assertThat(listeners.removeV4(ListenerTable.ANY_V4, 80)).isEqualTo("any:80");
        assertThat(listeners.lookupV4(ADDR_A, 80)).isNull();
    }

    @Test
    void ipv6ListenersAreSeparate() {
        listeners.putV6(0, 0, 443, "[::]:443");
        listeners.putV6(NET, 1, 443, "[db8::1]:443");
        assertThat(listeners.lookupV6(NET, 1, 443)).isEqualTo("[db8::1]:443");
        assertThat(listeners.lookupV6(NET, 2, 443)).isEqualTo("[::]:443");
        assertThat(listeners.lookupV4(ADDR_A, 443)).isNull();
        assertThat(listeners.size()).isEqualTo(2);
        assertThat(listeners.removeV6(0, 0, 443)).isEqualTo("[::]:443");
        assertThat(listeners.lookupV6(NET, 2, 443)).isNull();
    }

    @Test
    void rebindingReplaces() {
        assertThat(listeners.putV4(ADDR_A, 22, "old")).isNull();
        assertThat(listeners.putV4(ADDR_A, 22, "new")).isEqualTo("old");
        assertThat(listeners.lookupV4(ADDR_A, 22)).isEqualTo("new");
    }

    @Test
    void portZeroOrAboveSixteenBitsIsRefused() {
        assertThatThrownBy(() -> listeners.putV4(ADDR_A, 0, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> listeners.putV4(ADDR_A, 65_536, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(listeners.lookupV4(ADDR_A, 0)).isNull();
    }
}
