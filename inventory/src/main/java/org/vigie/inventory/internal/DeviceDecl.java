package org.vigie.inventory.internal;

import java.util.List;
import org.vigie.inventory.CheckSpec;
import org.vigie.inventory.DeviceKind;
import org.vigie.inventory.Origin;

/**
 * A device as declared in YAML or CSV, before parents are resolved.
 *
 * @param kind null when the declared kind was invalid (already reported)
 * @param parentId the explicit parent, or null to take the default of its kind
 * @param parentSite where the explicit parent is written (null when there is none)
 */
record DeviceDecl(
    String schoolId,
    String id,
    DeviceKind kind,
    String name,
    String address,
    String parentId,
    List<CheckSpec> checks,
    Origin origin,
    Site idSite,
    Site parentSite) {}
