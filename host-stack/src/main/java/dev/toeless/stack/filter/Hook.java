package dev.toeless.stack.filter;

/**
 * Where the IP layer consults the filter, as in netfilter: {@link #PREROUTING} for every received
 * packet before the routing decision, {@link #INPUT} for received packets addressed to this host,
 * {@link #OUTPUT} for locally generated packets before the qdisc.
 */
public enum Hook {
    PREROUTING,
    INPUT,
    OUTPUT
}
