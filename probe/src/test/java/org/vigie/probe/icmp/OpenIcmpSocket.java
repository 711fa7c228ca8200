package org.vigie.probe.icmp;

/**
 * Test main: tries to open an IPv4 ICMP socket as the pinger would (ping socket, then raw) and
 * prints {@code opened KIND} or the {@link IcmpUnavailableException} message. Run as an
 * unprivileged user by {@code IcmpNetnsIT}.
 */
public final class OpenIcmpSocket {
  private OpenIcmpSocket() {}

  public static void main(String[] args) {
    try {
      SocketOpener.Opened o = SocketOpener.open(false, new IcmpPingerOptions());
      LibC.close(o.fd());
      System.out.println("opened " + o.kind());
    } catch (IcmpUnavailableException e) {
      System.out.println(e.getMessage());
    }
  }
}
