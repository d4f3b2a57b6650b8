/** RFC 6528 initial sequence numbers and the SipHash-2-4 function they (and SYN cookies) use. */
package dev.toeless.stack.tcp.isn;
