package dev.toeless.stack.toe;

import dev.toeless.nic.card.CardConnectionTable;
import dev.toeless.nic.card.CardMemory;
import dev.toeless.nic.mem.TouchLedger;

import dev.toeless.nic.stats.CounterVisitor;

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
    long uploads;
    long uploadedBytes;
    long uploadFramesDropped;

    void forEach(CounterVisitor m, CardConnectionTable<?> table, CardMemory memory, TouchLedger ledger) {
        m.counter("toe_commands", commands);
        m.counter("toe_completions", completions);
        m.counter("toe_interrupts", interrupts);
        m.counter("toe_bad_commands", badCommands);
        m.counter("toe_completion_queue_full", completionQueueFull);
        m.counter("toe_connections_admitted", admitted);
        m.counter("toe_connections_refused", refused);
        m.counter("toe_connections_closed", closed);
        m.counter("toe_syns_fell_back", synsFellBack);
        m.counter("toe_syns_refused", synsRefused);
        m.counter("toe_frames_to_card", framesToCard);
        m.counter("toe_frames_to_host", framesToHost);
        m.counter("toe_card_memory_full", cardMemoryFull);
        m.counter("toe_bytes_sent", bytesSent);
        m.counter("toe_bytes_received", bytesReceived);
        m.counter("toe_resets", resets);
        m.counter("toe_connections_lost_to_reset", lostToReset);
        m.counter("toe_uploads", uploads);
        m.counter("toe_upload_bytes", uploadedBytes);
        m.counter("toe_upload_frames_dropped", uploadFramesDropped);
        m.counter("toe_slots", (long) table.slots());
        m.counter("toe_slots_in_use", (long) table.slotsInUse());
        m.counter("toe_peak_slots_in_use", (long) table.peakSlotsInUse());
        m.counter("toe_card_pages", (long) memory.pages());
        m.counter("toe_card_pages_in_use", (long) memory.pagesInUse());
        m.counter("toe_card_checksummed_bytes", ledger.checksummedBytes());
        m.counter("toe_card_copied_bytes", ledger.copiedBytes());
    }
}
