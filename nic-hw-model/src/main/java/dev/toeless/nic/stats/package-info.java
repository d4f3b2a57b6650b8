/** NIC statistics named as {@code ethtool -S} prints them, kept in Agrona counters. */
package dev.toeless.nic.stats;
