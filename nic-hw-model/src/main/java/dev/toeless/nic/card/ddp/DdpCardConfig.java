package dev.toeless.nic.card.ddp;

import dev.toeless.nic.cost.RegistrationCost;

/**
 * What a DDP card is made with: its region-table slots, the card memory for translation entries,
 * and what a registration costs the host.
 *
 * @param regionSlots        registered regions the table holds at once
 * @param translationBytes   card memory for translation entries ({@link TranslationMemory#ENTRY_BYTES} per page)
 * @param registrationCost   the host's cost of one registration
 */
public record DdpCardConfig(int regionSlots, long translationBytes, RegistrationCost registrationCost) {
    /**
     * 16,384 regions and 8 MiB of translation entries (1 Mi pages, 4 GiB pinned): an estimate of a
     * 2005-era iWARP card's on-board memory given to its page lists, not a figure of one card.
     */
    public static final DdpCardConfig DEFAULT = new DdpCardConfig(16_384, 8L << 20, RegistrationCost.DEFAULT);

    public DdpCardConfig {
        if (regionSlots <= 0 || regionSlots > RegionTable.MAX_SLOTS) {
            throw new IllegalArgumentException("region slots must be 1.." + RegionTable.MAX_SLOTS + ": " + regionSlots);
        }
        if (translationBytes < TranslationMemory.ENTRY_BYTES || registrationCost == null) {
            throw new IllegalArgumentException("translation memory must hold an entry and a cost must be given");
        }
    }

    public DdpCardConfig withTranslationBytes(long bytes) {
        return new DdpCardConfig(regionSlots, bytes, registrationCost);
    }

    public DdpCardConfig withRegionSlots(int slots) {
        return new DdpCardConfig(slots, translationBytes, registrationCost);
    }
}
