package dev.toeless.bench.debate;

import dev.toeless.stack.driver.DriverMode;

/**
 * One mode the debate compares. A host-TCP mode carries the {@link DriverMode} its hosts run; a
 * mode whose TCP runs on the card ({@code toe}, {@code toe+ddp}, {@code card-node}) is listed from
 * the start and is {@linkplain #available() available} once its runner registers it.
 *
 * @param label       the name on the command line and in the report
 * @param description what the mode moves where
 * @param cardTcp     TCP runs on the card, not in the host stack
 * @param driver      the driver mode a host-TCP mode runs, or null
 * @param available   the model can run this mode now
 */
public record DebateMode(String label, String description, boolean cardTcp, DriverMode driver, boolean available) {

    /** A host-TCP mode: both hosts run our stack with their NIC in {@code driver}. */
    public static DebateMode host(DriverMode driver, String description) {
        return new DebateMode(driver.label(), description, false, driver, true);
    }

    /** A card-TCP mode the model runs: experiments that measure it call its runner themselves. */
    public static DebateMode card(String label, String description) {
        return new DebateMode(label, description, true, null, true);
    }

    /** A card-TCP mode that is not built yet: listed, shown as not yet available. */
    public static DebateMode notYetAvailable(String label, String description) {
        return new DebateMode(label, description, true, null, false);
    }

    public String availability() {
        return available ? "available" : "not yet available";
    }
}
