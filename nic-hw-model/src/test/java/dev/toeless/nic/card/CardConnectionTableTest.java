package dev.toeless.nic.card;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CardConnectionTableTest {

    @Test
    void anIpv4ConnectionTakesOneSlotAndAnIpv6ConnectionTwo() {
        final CardConnectionTable<String> table = new CardConnectionTable<>(4);
        final int v4 = table.allocate(false, "v4");
        final int v6 = table.allocate(true, "v6");
        assertThat(table.slotsInUse()).isEqualTo(3);
        assertThat(table.connections()).isEqualTo(2);
        assertThat(table.get(v4)).isEqualTo("v4");
        assertThat(table.get(v6)).isEqualTo("v6");
        assertThat(table.hasRoom(false)).isTrue();
        assertThat(table.hasRoom(true)).isFalse();
    }

    @Test
    void aFullCardRefusesAndCountsIt() {
        final CardConnectionTable<String> table = new CardConnectionTable<>(3);
        table.allocate(true, "a");
        assertThat(table.allocate(true, "b")).isEqualTo(CardConnectionTable.NO_SLOT);
        assertThat(table.allocate(false, "c")).isNotEqualTo(CardConnectionTable.NO_SLOT);
        assertThat(table.allocate(false, "d")).isEqualTo(CardConnectionTable.NO_SLOT);
        assertThat(table.admitted()).isEqualTo(2);
        assertThat(table.refused()).isEqualTo(2);
        assertThat(table.peakSlotsInUse()).isEqualTo(3);
    }

    @Test
    void aFreedTidIsReusedAndAStaleOneIsRefused() {
        final CardConnectionTable<String> table = new CardConnectionTable<>(1);
        final int tid = table.allocate(false, "first");
        assertThat(table.free(tid)).isTrue();
        assertThat(table.free(tid)).as("a second free of the same TID").isFalse();
        assertThat(table.free(-1)).isFalse();
        assertThat(table.free(7)).isFalse();
        assertThat(table.get(tid)).isNull();
        assertThat(table.allocate(false, "second")).isEqualTo(tid);
        assertThat(table.get(tid)).isEqualTo("second");
    }

    @Test
    void aResetLosesEveryConnection() {
        final CardConnectionTable<String> table = new CardConnectionTable<>(CardConnectionTable.CARD_2004_SLOTS);
        for (int i = 0; i < 1000; i++) {
            table.allocate(i % 2 == 0, "c" + i);
        }
        assertThat(table.connections()).isEqualTo(683);
        assertThat(table.refused()).isEqualTo(317);
        assertThat(table.reset()).isEqualTo(683);
        assertThat(table.connections()).isZero();
        assertThat(table.slotsInUse()).isZero();
        assertThat(table.hasRoom(true)).isTrue();
    }

    @Test
    void theT6DefaultHoldsSixteenThousandIpv4OrEightThousandIpv6Connections() {
        final CardConnectionTable<Integer> v4 = new CardConnectionTable<>(CardConnectionTable.T6_DEFAULT_SLOTS);
        int n = 0;
        while (v4.allocate(false, n) != CardConnectionTable.NO_SLOT) {
            n++;
        }
        assertThat(n).isEqualTo(16_384);
        final CardConnectionTable<Integer> v6 = new CardConnectionTable<>(CardConnectionTable.T6_DEFAULT_SLOTS);
        n = 0;
        while (v6.allocate(true, n) != CardConnectionTable.NO_SLOT) {
            n++;
        }
        assertThat(n).isEqualTo(8_192);
    }

    @Test
    void aCardWithoutSlotsIsAConfigurationError() {
        assertThatThrownBy(() -> new CardConnectionTable<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
