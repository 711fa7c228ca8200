package org.vigie.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.Commune;
import org.vigie.inventory.Device;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Inventory;
import org.vigie.inventory.Link;
import org.vigie.inventory.LinkType;
import org.vigie.inventory.Origin;
import org.vigie.inventory.School;
import org.vigie.inventory.Tariff;

/**
 * Small inventories for the tests, on the 127.{@code second}.x.y addresses so that test classes
 * never share a socket. Ports are unusual on purpose, so a demo running on the same machine does
 * not collide with the tests.
 */
final class TestEstate {
  static final int HTTP_PORT = 21080;
  static final int SMB_PORT = 21445;
  static final int LDAP_PORT = 21389;
  static final int JETDIRECT_PORT = 21100;
  static final int FTP_PORT = 21121;
  static final int NTP_PORT = 21123;

  private static final Origin ORIGIN = Origin.builtIn("test");

  private TestEstate() {}

  static String address(int second, int school, int host) {
    return "127." + second + "." + school + "." + host;
  }

  private static CheckSpec http(String name, String path) {
    return new CheckSpec(
        name,
        "http",
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        Map.of("port", Integer.toString(HTTP_PORT), "path", path),
        ORIGIN);
  }

  private static CheckSpec tcp(String name, int port) {
    return new CheckSpec(
        name,
        "tcp",
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        Map.of("port", Integer.toString(port)),
        ORIGIN);
  }

  /** {@code schools} schools {@code s1}, {@code s2}… with router, switch, server and printer. */
  static Inventory inventory(int second, int schools) {
    List<Commune> communes = List.of(new Commune("c", "Commune", List.of(), ORIGIN));
    List<School> schoolList = new ArrayList<>();
    List<Device> devices = new ArrayList<>();
    for (int s = 1; s <= schools; s++) {
      String id = "s" + s;
      schoolList.add(
          new School(
              id,
              "École " + s,
              "c",
              null,
              new Link(LinkType.FIBRE, "Test", 100, 100, address(second, s, 1)),
              ORIGIN));
      devices.add(
          new Device(
              "router",
              id,
              DeviceKind.ROUTER,
              "Routeur",
              address(second, s, 1),
              null,
              List.of(http("admin", "/")),
              ORIGIN));
      devices.add(
          new Device(
              "switch",
              id,
              DeviceKind.SWITCH,
              "Switch",
              address(second, s, 2),
              "router",
              List.of(),
              ORIGIN));
      devices.add(
          new Device(
              "server",
              id,
              DeviceKind.SERVER,
              "Serveur",
              address(second, s, 10),
              "switch",
              List.of(
                  http("health", "/health"),
                  tcp("smb", SMB_PORT),
                  tcp("ldap", LDAP_PORT),
                  tcp("backup", FTP_PORT)),
              ORIGIN));
      devices.add(
          new Device(
              "printer",
              id,
              DeviceKind.PRINTER,
              "Imprimante",
              address(second, s, 30),
              "switch",
              List.of(tcp("jetdirect", JETDIRECT_PORT)),
              ORIGIN));
    }
    return new Inventory(communes, schoolList, devices, Tariff.defaults());
  }
}
