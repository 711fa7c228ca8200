/**
 * The Vigie simulator: {@link org.vigie.simulator.EstateGenerator} writes a plausible estate as
 * YAML, {@link org.vigie.simulator.SimulatedNetwork} makes an inventory's devices answer on
 * loopback addresses, and {@link org.vigie.simulator.SimulatorControlServer} breaks them on demand.
 */
package org.vigie.simulator;
