package dev.toeless.nic.archfixture.cycleb;

import dev.toeless.nic.archfixture.cyclea.Ping;

/** Rule fixture: the other half of a package cycle. */
public final class Pong {
    public Ping serve() {
        return new Ping();
    }
}
