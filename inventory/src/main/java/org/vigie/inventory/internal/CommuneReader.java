package org.vigie.inventory.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigie.inventory.Commune;
import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Contact;
import org.vigie.inventory.Origin;

/** Reads {@code communes[]}. */
final class CommuneReader {

  /** The communes by id, in declaration order; duplicates are reported and dropped. */
  Map<String, Commune> read(ConfigNode root) {
    Map<String, Commune> communes = new LinkedHashMap<>();
    Map<String, Origin> firstIds = new LinkedHashMap<>();
    if (root.child("communes").isEmpty()) {
      root.reportMissing("communes");
    } else if (root.list("communes").isEmpty() && root.childOrEmpty("communes").isMap()) {
      root.error("communes", "must not be empty");
    }
    for (ConfigNode c : root.list("communes")) {
      c.allowKeys("id", "name", "contacts");
      String id = Formats.requiredId(c, "id");
      String name = c.requiredString("name");
      List<Contact> contacts = new ArrayList<>();
      for (ConfigNode p : c.list("contacts")) {
        p.allowKeys("name", "role", "email", "phone");
        contacts.add(
            new Contact(
                p.requiredString("name"),
                p.string("role", null),
                Formats.optional(p, "email", Formats::emailProblem),
                Formats.optional(p, "phone", Formats::phoneProblem)));
      }
      if (id == null) {
        continue;
      }
      Origin first = firstIds.putIfAbsent(id, c.origin("id"));
      if (first != null) {
        c.error("id", "duplicate id '" + id + "' (first declared at " + first + ")");
        continue;
      }
      communes.put(id, new Commune(id, name, contacts, c.origin()));
    }
    return communes;
  }
}
