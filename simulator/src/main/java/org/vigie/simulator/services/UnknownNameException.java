package org.vigie.simulator.services;

/** A device key or service name that the simulated network does not know. */
public final class UnknownNameException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnknownNameException(String message) {
    super(message);
  }
}
