package dev.toeless.nic.archfixture.cyclea;

import dev.toeless.nic.archfixture.cycleb.Pong;

/** Rule fixture: one half of a package cycle. */
public final class Ping {
    public Pong answer() {
        return new Pong();
    }
}
