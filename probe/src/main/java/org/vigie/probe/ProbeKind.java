package org.vigie.probe;

/** A registered probe kind: its name in configuration and the probe that runs it. */
public record ProbeKind(String name, Probe probe) {}
