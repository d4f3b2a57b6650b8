/** The data sender's SACK scoreboard and RFC 6675 loss-recovery rules (IsLost, SetPipe, NextSeg). */
package dev.toeless.stack.tcp.sack;
