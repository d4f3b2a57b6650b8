package dev.toeless.stack.ddp;

import dev.toeless.nic.card.ddp.ProtectionError;

/** What one DDP stream counted, each named after its event. */
public final class DdpCounters {
    long fpdusReceived;
    long taggedBytesPlaced;
    long untaggedBytesPlaced;
    long messagesReceived;
    long crcErrors;
    final long[] protectionErrors = new long[4];
    long otherErrors;
    long terminatesSent;
    long terminatesReceived;
    long startFramesRefused;
    long bytesDiscarded;
    long headerPagesExhausted;

    public long fpdusReceived() {
        return fpdusReceived;
    }

    public long taggedBytesPlaced() {
        return taggedBytesPlaced;
    }

    public long untaggedBytesPlaced() {
        return untaggedBytesPlaced;
    }

    public long messagesReceived() {
        return messagesReceived;
    }

    public long crcErrors() {
        return crcErrors;
    }

    /** Tagged segments refused with this remote protection error. */
    public long protectionErrors(ProtectionError e) {
        return e == ProtectionError.NONE ? 0 : protectionErrors[e.code()];
    }

    /** Segments refused for a reason other than CRC or protection (version, opcode, queue, MSN, MO, length). */
    public long otherErrors() {
        return otherErrors;
    }

    public long terminatesSent() {
        return terminatesSent;
    }

    public long terminatesReceived() {
        return terminatesReceived;
    }

    public long startFramesRefused() {
        return startFramesRefused;
    }

    /** Bytes read after the stream ended (terminated or refused) and dropped unparsed. */
    public long bytesDiscarded() {
        return bytesDiscarded;
    }

    public long headerPagesExhausted() {
        return headerPagesExhausted;
    }

    @Override
    public String toString() {
        return "fpdus_received=" + fpdusReceived + " tagged_bytes_placed=" + taggedBytesPlaced
            + " untagged_bytes_placed=" + untaggedBytesPlaced + " messages_received=" + messagesReceived
            + " crc_errors=" + crcErrors + " invalid_stag=" + protectionErrors[0] + " base_bounds="
            + protectionErrors[1] + " access_rights=" + protectionErrors[2] + " stag_not_associated="
            + protectionErrors[3] + " other_errors=" + otherErrors + " terminates_sent=" + terminatesSent
            + " terminates_received=" + terminatesReceived + " start_frames_refused=" + startFramesRefused
            + " bytes_discarded=" + bytesDiscarded;
    }
}
