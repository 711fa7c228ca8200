package org.vigie.simulator.services;

/** Turns a bind error into a message an operator can act on: which device, address and port. */
final class BindFailure {
  private BindFailure() {}

  static IllegalStateException of(
      String deviceKey, String what, String host, int port, Throwable cause) {
    StringBuilder m =
        new StringBuilder("simulated device ")
            .append(deviceKey)
            .append(": cannot listen on ")
            .append(host)
            .append(':')
            .append(port)
            .append(" (")
            .append(what)
            .append("): ")
            .append(cause.getMessage());
    if (port > 0 && port < 1024) {
      // The usual cause: ports below 1024 are privileged on Linux.
      m.append(
          "; ports below 1024 need root: run the simulator as root or use ports >= 1024 in"
              + " check-defaults");
    }
    return new IllegalStateException(m.toString(), cause);
  }
}
