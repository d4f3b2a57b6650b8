package dev.toeless.bench.debate;

import dev.toeless.stack.driver.DriverMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The modes of the debate in the order EXPERIMENTS.md lists them: the four host-TCP modes and the
 * three whose TCP runs on a card ({@code toe}, {@code toe+ddp}, {@code card-node}). A mode can be
 * {@linkplain DebateMode#notYetAvailable listed as not yet available} (a build without it, a test);
 * an experiment asks the registry which modes it can run and names the ones it would need but cannot.
 */
public final class ModeRegistry {
    public static final String TOE = "toe";
    public static final String TOE_DDP = "toe+ddp";
    public static final String CARD_NODE = "card-node";

    private final Map<String, DebateMode> modes = new LinkedHashMap<>();

    /** The registry as the model stands: every mode available. */
    public static ModeRegistry standard() {
        final ModeRegistry r = new ModeRegistry();
        r.register(DebateMode.host(DriverMode.NONE, "host does everything in software"));
        r.register(DebateMode.host(DriverMode.CSUM, "checksum offload"));
        r.register(DebateMode.host(DriverMode.CSUM_GRO, "checksum offload and software GRO"));
        r.register(DebateMode.host(DriverMode.STATELESS, "checksum, TSO, header split, receive page accumulation"));
        r.register(DebateMode.card(TOE, "full TCP offload engine on the card"));
        r.register(DebateMode.card(TOE_DDP, "TOE with direct data placement (RDMA/DDP)"));
        r.register(DebateMode.card(CARD_NODE, "the card runs a full stack as its own node (Garzik)"));
        return r;
    }

    /** Adds a mode, or replaces the one of the same label (a placeholder by its runner). */
    public ModeRegistry register(DebateMode mode) {
        modes.put(mode.label(), mode);
        return this;
    }

    public List<DebateMode> all() {
        return List.copyOf(modes.values());
    }

    public DebateMode get(String label) {
        return modes.get(label);
    }

    public boolean available(String label) {
        final DebateMode m = modes.get(label);
        return m != null && m.available();
    }

    /** The available modes whose TCP runs in the host stack, in order. */
    public List<DebateMode> hostModes() {
        final List<DebateMode> out = new ArrayList<>();
        for (DebateMode m : modes.values()) {
            if (m.available() && !m.cardTcp() && m.driver() != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** Of {@code labels}, those not available, in order: what a claim still needs. */
    public List<String> missing(String... labels) {
        final List<String> out = new ArrayList<>();
        for (String l : labels) {
            if (!available(l)) {
                out.add(l);
            }
        }
        return out;
    }
}
