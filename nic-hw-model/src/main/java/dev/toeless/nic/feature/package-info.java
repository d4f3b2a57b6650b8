/** Offload features switched at run time, as {@code ethtool -K} switches them. */
package dev.toeless.nic.feature;
