package org.vigie.inventory;

/** A school: one commune, one internet link, a set of devices. */
public record School(
    String id, String name, String communeId, String address, Link link, Origin origin) {}
