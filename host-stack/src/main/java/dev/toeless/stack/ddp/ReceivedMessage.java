package dev.toeless.stack.ddp;

/** A SEND message placed whole into a posted buffer: its MSN, the buffer and the bytes it filled. */
public record ReceivedMessage(int msn, PostedBuffer buffer, int lengthBytes) {
}
