/**
 * TCP around the sans-I/O engine: {@link dev.toeless.stack.socket.TcpStack} (demux, listeners,
 * SYN backlog and cookies, RST for no socket, ISNs, timers, socket memory) and the application's
 * {@link dev.toeless.stack.socket.TcpSocket} and {@link dev.toeless.stack.socket.TcpListener}.
 */
package dev.toeless.stack.socket;
