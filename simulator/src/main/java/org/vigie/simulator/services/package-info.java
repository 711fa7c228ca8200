/**
 * The simulated services, one class per kind (TCP, HTTP, FTP, NTP), and the per-device state that
 * ties them to injected faults. Used through {@link org.vigie.simulator.SimulatedNetwork}.
 */
package org.vigie.simulator.services;
