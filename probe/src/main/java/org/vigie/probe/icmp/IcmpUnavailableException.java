package org.vigie.probe.icmp;

/**
 * No ICMP socket of any allowed kind could be opened. The message says why, for each kind tried,
 * and what to set so that it works (a sysctl, a capability, or root).
 */
public final class IcmpUnavailableException extends Exception {
  public IcmpUnavailableException(String message) {
    super(message);
  }
}
