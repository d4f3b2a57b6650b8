package dev.toeless.nic.card;

/**
 * A completion a TOE card writes into the host's completion queue: data arrived, a send done, a
 * connection's state changed, or an error. 32 bytes, little-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |     type      |    status     |     state     |   reserved    |  0
 * +---------------+---------------+---------------+---------------+
 * |                 connection id (card TID, 32)                  |  4
 * +---------------------------------------------------------------+
 * |                 host cookie (64) of the command answered      |  8
 * +---------------------------------------------------------------+
 * |                 page frame number (32)                        | 16
 * +-------------------------------+-------------------------------+
 * |        page offset (16)       |          length (16)          | 20
 * +-------------------------------+-------------------------------+
 * |                 value (64): stream offset, bytes acknowledged,| 24
 * |                 or the listener's TID of a passive open       |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * A {@link #DATA_ARRIVED} or {@link #SEND_DONE} hands the named page range back to the host: the
 * host owns that reference again from the moment it reads the completion. Bytes 0 to 23 are laid out
 * as {@link ToeQueueDescriptor}'s.
 */
public final class ToeCompletionDescriptor extends ToeQueueDescriptor<ToeCompletionDescriptor> {
    public static final int TYPE_OFFSET = 0;
    public static final int STATUS_OFFSET = 1;
    public static final int STATE_OFFSET = 2;
    public static final int VALUE_OFFSET = 24;
    public static final int LENGTH = 32;

    /** Payload was placed in a posted receive page; value is its stream offset. */
    public static final int DATA_ARRIVED = 1;
    /** A SEND's page was acknowledged by the peer (or dropped on abort); value is bytes acknowledged. */
    public static final int SEND_DONE = 2;
    /** The connection's state changed (state field); a passive open carries the listener's TID in value. */
    public static final int STATE_CHANGE = 3;
    /** A command failed or the connection was lost (status field says why). */
    public static final int ERROR = 4;
    /** A posted receive page comes back unused (close, abort, reset). */
    public static final int RECEIVE_RETURNED = 5;

    /** Status values. */
    public static final int STATUS_OK = 0;
    /** No free connection slot on the card. */
    public static final int STATUS_NO_SLOT = 1;
    /** No card memory for the connection's buffers. */
    public static final int STATUS_NO_MEMORY = 2;
    /** The peer refused or reset the connection. */
    public static final int STATUS_RESET = 3;
    /** The card was reset: every connection it held is gone. */
    public static final int STATUS_CARD_RESET = 4;
    /** The command made no sense (unknown opcode or TID, bad page range). */
    public static final int STATUS_BAD_COMMAND = 5;
    /** The connection timed out (retransmissions exhausted). */
    public static final int STATUS_TIMED_OUT = 6;
    /** The card gives the connection back to the host stack (upload). */
    public static final int STATUS_UPLOADED = 7;

    /** State values of a {@link #STATE_CHANGE}. */
    public static final int STATE_LISTENING = 1;
    public static final int STATE_ESTABLISHED = 2;
    public static final int STATE_PASSIVE_OPEN = 3;
    public static final int STATE_PEER_CLOSED = 4;
    public static final int STATE_CLOSED = 5;

    @Override
    protected int size() {
        return LENGTH;
    }

    public int type() {
        return kind(TYPE_OFFSET);
    }

    public ToeCompletionDescriptor type(int type) {
        return kind(TYPE_OFFSET, type);
    }

    public int status() {
        return kind(STATUS_OFFSET);
    }

    public ToeCompletionDescriptor status(int status) {
        return kind(STATUS_OFFSET, status);
    }

    public int state() {
        return kind(STATE_OFFSET);
    }

    public ToeCompletionDescriptor state(int state) {
        return kind(STATE_OFFSET, state);
    }

    public long value() {
        return buffer.getLong(offset + VALUE_OFFSET, ORDER);
    }

    public ToeCompletionDescriptor value(long value) {
        buffer.putLong(offset + VALUE_OFFSET, value, ORDER);
        return this;
    }

    /** A short name of a status, for counters and error messages. */
    public static String statusName(int status) {
        return switch (status) {
            case STATUS_OK -> "ok";
            case STATUS_NO_SLOT -> "no_slot";
            case STATUS_NO_MEMORY -> "no_memory";
            case STATUS_RESET -> "reset";
            case STATUS_CARD_RESET -> "card_reset";
            case STATUS_BAD_COMMAND -> "bad_command";
            case STATUS_TIMED_OUT -> "timed_out";
            case STATUS_UPLOADED -> "uploaded";
            default -> "unknown_" + status;
        };
    }
}
