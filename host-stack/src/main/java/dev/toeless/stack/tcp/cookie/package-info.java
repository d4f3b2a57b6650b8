/** Stateless SYN cookies for when the SYN backlog is full, in the Linux style. */
package dev.toeless.stack.tcp.cookie;
