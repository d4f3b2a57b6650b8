package dev.toeless.bench.demo;

import dev.toeless.nic.cost.CostProfile;
import dev.toeless.nic.cost.CostProfiles;
import dev.toeless.nic.cost.PciConfig;

/**
 * The cost model a transfer charges host B with: its CPU profile (cores included) and the PCI
 * Express link between its memory and its NIC.
 */
public record CostSetup(CostProfile profile, PciConfig pci) {
    /** host-2025 with one core, behind a Gen4 x16 link. */
    public static CostSetup defaults() {
        return new CostSetup(CostProfiles.defaultHost(), PciConfig.defaults());
    }

    public String label() {
        return profile.name() + ", " + profile.cores() + (profile.cores() == 1 ? " core, " : " cores, ") + pci.label();
    }
}
