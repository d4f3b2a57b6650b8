package dev.toeless.nic.card.ddp;

import dev.toeless.nic.cost.RegistrationCost;
import dev.toeless.nic.mem.HostMemory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The region table and tag checker as a card's driver uses them: register, check, invalidate, deregister. */
class RegionTableTest {
    private final HostMemory memory = new HostMemory(64);

    private int[] pages(int n) {
        final int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = memory.allocate();
        }
        return p;
    }

    @Test
    void aRegionPinsItsPagesAndTakesOneTranslationEntryEach() {
        final DdpCard card = new DdpCard(memory, DdpCardConfig.DEFAULT);
        final int[] p = pages(3);
        final DdpCard.Registration r = card.register(p, 3, 100, 3 * 4096 - 200, 0x1000, AccessRights.REMOTE_WRITE, 1);
        assertThat(r.ok()).isTrue();
        assertThat(r.stag() >>> 8).as("index 0 is never used").isPositive();
        assertThat(memory.refCount(p[0])).as("pinned").isEqualTo(2);
        assertThat(card.translation().usedBytes()).isEqualTo(24);
        assertThat(r.costNs()).isEqualTo(2_000 + 3 * 300);
        assertThat(card.table().describe(r.stag())).isEqualTo(new RegionTable.Region(r.stag(), 0x1000, 3 * 4096 - 200,
            AccessRights.REMOTE_WRITE, 1, true, 3));
        assertThat(card.deregister(r.stag())).isTrue();
        assertThat(memory.refCount(p[0])).isEqualTo(1);
        assertThat(card.translation().usedBytes()).isZero();
        for (int pfn : p) {
            memory.release(pfn);
        }
        memory.assertNoLeaks();
    }

    @Test
    void aReusedSlotGetsANewKeySoAStaleStagIsInvalid() {
        final DdpCard card = new DdpCard(memory, DdpCardConfig.DEFAULT.withRegionSlots(1));
        final int[] p = pages(1);
        final int first = card.register(p, 1, 0, 4096, 0, AccessRights.ALL, 1).stag();
        assertThat(card.register(p, 1, 0, 4096, 0, AccessRights.ALL, 1).ok()).as("one slot").isFalse();
        assertThat(card.table().refusedNoSlot()).isEqualTo(1);
        card.deregister(first);
        final int second = card.register(p, 1, 0, 4096, 0, AccessRights.ALL, 1).stag();
        assertThat(second >>> 8).isEqualTo(first >>> 8);
        assertThat(second).isNotEqualTo(first);
        assertThat(card.checker().check(first, 1, AccessRights.REMOTE_WRITE, 0, 1)).isEqualTo(ProtectionError.INVALID_STAG);
        assertThat(card.checker().check(second, 1, AccessRights.REMOTE_WRITE, 0, 1)).isEqualTo(ProtectionError.NONE);
        card.deregister(second);
        memory.release(p[0]);
    }

    @Test
    void translationMemoryRefusesWhatDoesNotFit() {
        final DdpCard card = new DdpCard(memory, DdpCardConfig.DEFAULT.withTranslationBytes(16));
        final int[] p = pages(3);
        assertThat(card.register(p, 3, 0, 3 * 4096, 0, AccessRights.ALL, 1).ok()).isFalse();
        assertThat(card.translation().refused()).isEqualTo(1);
        assertThat(memory.refCount(p[0])).as("nothing pinned by a refusal").isEqualTo(1);
        final int two = card.register(p, 2, 0, 2 * 4096, 0, AccessRights.ALL, 1).stag();
        assertThat(two).isNotEqualTo(RegionTable.NO_STAG);
        card.deregister(two);
        for (int pfn : p) {
            memory.release(pfn);
        }
    }

    @Test
    void aRegionWhoseEndWrapsOrWithoutEnoughPagesIsNoRegion() {
        final DdpCard card = new DdpCard(memory, DdpCardConfig.DEFAULT);
        final int[] p = pages(2);
        assertThat(card.register(p, 1, 0, 4096, -4096, AccessRights.ALL, 1).ok()).as("ends at 2^64 exactly").isFalse();
        assertThat(card.register(p, 1, 1, 4096, 0, AccessRights.ALL, 1).ok()).as("spans two pages").isFalse();
        assertThat(card.register(p, 2, 0, 4096, 0, AccessRights.ALL, 1).ok()).as("one page too many").isFalse();
        assertThat(card.register(p, 1, 0, 4096, 0, 16, 1).ok()).as("undefined right").isFalse();
        assertThat(card.table().refusedBadArguments()).isEqualTo(4);
        final int top = card.register(p, 1, 0, 4096, -4097, AccessRights.ALL, 1).stag();
        assertThat(card.checker().check(top, 1, AccessRights.REMOTE_WRITE, -2, 1)).isEqualTo(ProtectionError.NONE);
        assertThat(card.checker().check(top, 1, AccessRights.REMOTE_WRITE, -2, 2)).isEqualTo(ProtectionError.BASE_OR_BOUNDS);
        card.deregister(top);
        for (int pfn : p) {
            memory.release(pfn);
        }
    }

    @Test
    void invalidationBelongsToTheRegionsDomain() {
        final DdpCard card = new DdpCard(memory, DdpCardConfig.DEFAULT);
        final int[] p = pages(1);
        final int stag = card.register(p, 1, 0, 4096, 0, AccessRights.ALL, 1).stag();
        assertThat(card.invalidate(stag, 2)).isFalse();
        assertThat(card.invalidate(stag ^ 1, 1)).isFalse();
        assertThat(card.invalidate(stag, 1)).isTrue();
        assertThat(card.invalidate(stag, 1)).as("already invalid stays so").isTrue();
        assertThat(card.checker().check(stag, 1, 0, 0, 0)).isEqualTo(ProtectionError.INVALID_STAG);
        card.deregister(stag);
        memory.release(p[0]);
    }

    @Test
    void theRegistrationCostSaysWhereItsFiguresComeFrom() {
        final RegistrationCost cost = RegistrationCost.DEFAULT;
        assertThat(cost.perPage().value()).isEqualTo(300);
        assertThat(cost.perPage().source()).contains("libfabric issue 4738");
        assertThat(cost.perCall().isEstimate()).isTrue();
        assertThat(cost.ns(16_384)).as("64 MiB pinned").isEqualTo(2_000 + 16_384L * 300);
        assertThat(cost.table()).contains("mr_register_call_ns = 2000", "(estimate)", "mr_pin_page_ns = 300");
    }
}
