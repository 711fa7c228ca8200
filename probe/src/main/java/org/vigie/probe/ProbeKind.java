package org.vigie.probe;

import org.vigie.inventory.CheckKindSchema;

/**
 * A registered probe kind: its name in configuration, the parameters it accepts (the inventory
 * loader validates checks against them) and the probe that runs it.
 */
public record ProbeKind(String name, CheckKindSchema schema, Probe probe) {}
