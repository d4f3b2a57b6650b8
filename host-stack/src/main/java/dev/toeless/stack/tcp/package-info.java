/**
 * The sans-I/O TCP engine: {@link dev.toeless.stack.tcp.TcpConnection} and the pieces it is made
 * of, with its own segment value ({@link dev.toeless.stack.tcp.TcpSegment}) so that it depends on
 * no wire format. Time is always an argument; nothing here reads a clock, owns a thread or
 * touches a payload byte.
 *
 * <h2>Page ownership</h2>
 * Payload is a list of page fragments (pfn, offset, length) in {@code HostMemory}; each fragment
 * stands for one page reference.
 * <ul>
 *   <li>{@code TcpConnection.onSegment} takes the references of the received segment's fragments:
 *       in-order data goes to the receive queue, out-of-order data to the out-of-order queue,
 *       anything duplicated, outside the window or not wanted is released at once.</li>
 *   <li>{@code TcpConnection.read} hands queued fragments to the application, one reference each
 *       (a fragment split by {@code maxBytes} gets an extra reference).</li>
 *   <li>{@code TcpConnection.send} takes the application's reference to its page when it returns
 *       true; the send queue keeps it until the bytes are acknowledged.</li>
 *   <li>Every emitted segment carries one fresh reference per fragment, which passes to the
 *       {@link dev.toeless.stack.tcp.SegmentSink}; the sink releases them once the frame is sent.
 *       A retransmission takes new references to the same pages: nothing is ever copied.</li>
 *   <li>Abort, reset and timeout release every reference the connection holds; after an orderly
 *       close unread data stays readable until {@code close} or {@code abort}.</li>
 * </ul>
 */
package dev.toeless.stack.tcp;
