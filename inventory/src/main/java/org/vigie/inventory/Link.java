package org.vigie.inventory;

/**
 * A school's internet link.
 *
 * @param address the address probed to judge the link (usually the far end or the router's WAN)
 */
public record Link(
    LinkType type, String provider, double downMbps, double upMbps, String address) {}
