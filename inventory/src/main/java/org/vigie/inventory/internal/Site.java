package org.vigie.inventory.internal;

import org.vigie.inventory.ConfigNode;
import org.vigie.inventory.Origin;
import org.vigie.inventory.Problem;

/**
 * Where a field was written and how errors name it: a YAML path ({@code schools[0].devices[2].id})
 * or a CSV column header ({@code device}). Lets YAML and CSV devices be validated together.
 */
record Site(Origin origin, String label) {

  static Site of(ConfigNode node, String key) {
    return new Site(node.origin(key), node.keyPath(key));
  }

  Problem problem(String message) {
    return new Problem(origin, label + ": " + message);
  }
}
