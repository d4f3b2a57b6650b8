package dev.toeless.stack.toe;

import dev.toeless.nic.card.CardConnectionTable;
import dev.toeless.nic.card.CardMemory;
import dev.toeless.nic.mem.TouchLedger;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a TOE card's firmware counts, named as reports print them ({@code toe_*}). */
final class ToeCounters {
    long commands;
    long completions;
    long interrupts;
    long badCommands;
    long completionQueueFull;
    long admitted;
    long refused;
    long closed;
    long synsFellBack;
    long synsRefused;
    long framesToCard;
    long framesToHost;
    long cardMemoryFull;
    long bytesSent;
    long bytesReceived;
    long resets;
    long lostToReset;

    Map<String, Long> snapshot(CardConnectionTable<?> table, CardMemory memory, TouchLedger ledger) {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("toe_commands", commands);
        m.put("toe_completions", completions);
        m.put("toe_interrupts", interrupts);
        m.put("toe_bad_commands", badCommands);
        m.put("toe_completion_queue_full", completionQueueFull);
        m.put("toe_connections_admitted", admitted);
        m.put("toe_connections_refused", refused);
        m.put("toe_connections_closed", closed);
        m.put("toe_syns_fell_back", synsFellBack);
        m.put("toe_syns_refused", synsRefused);
        m.put("toe_frames_to_card", framesToCard);
        m.put("toe_frames_to_host", framesToHost);
        m.put("toe_card_memory_full", cardMemoryFull);
        m.put("toe_bytes_sent", bytesSent);
        m.put("toe_bytes_received", bytesReceived);
        m.put("toe_resets", resets);
        m.put("toe_connections_lost_to_reset", lostToReset);
        m.put("toe_slots", (long) table.slots());
        m.put("toe_slots_in_use", (long) table.slotsInUse());
        m.put("toe_peak_slots_in_use", (long) table.peakSlotsInUse());
        m.put("toe_card_pages", (long) memory.pages());
        m.put("toe_card_pages_in_use", (long) memory.pagesInUse());
        m.put("toe_card_checksummed_bytes", ledger.checksummedBytes());
        m.put("toe_card_copied_bytes", ledger.copiedBytes());
        return m;
    }
}
