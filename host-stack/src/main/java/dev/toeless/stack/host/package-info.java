/** One simulated machine, {@link dev.toeless.stack.host.Host}, built from a {@link dev.toeless.stack.host.HostConfig}. */
package dev.toeless.stack.host;
