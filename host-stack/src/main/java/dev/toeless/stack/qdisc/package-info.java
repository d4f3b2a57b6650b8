/**
 * The output queueing discipline: a FIFO with packet and byte limits and a token-bucket rate limit
 * in virtual time (Linux's tbf over a pfifo), over object handles
 * ({@link dev.toeless.stack.qdisc.TbfQdisc}) or int handles
 * ({@link dev.toeless.stack.qdisc.IntTbfQdisc}), and the exact-arithmetic
 * {@link dev.toeless.stack.qdisc.TokenBucket} it shares with the filter's rate match. The driver
 * enqueues, dequeues what the rate allows now, and sleeps until {@code nextReadyNs()}.
 */
package dev.toeless.stack.qdisc;
