package org.vigie.inventory;

import java.util.List;

/** A member commune of the shared service: it owns schools and receives a monthly report. */
public record Commune(String id, String name, List<Contact> contacts, Origin origin) {
  public Commune {
    contacts = List.copyOf(contacts);
  }
}
