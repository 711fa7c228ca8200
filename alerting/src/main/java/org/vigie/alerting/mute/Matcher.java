package org.vigie.alerting.mute;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Which incidents and checks a maintenance window or silence covers: every field given must match
 * (null fields match anything; at least one is given).
 *
 * @param device a device key {@code school/device}
 */
public record Matcher(
    String device, String school, String commune, String provider, String linkType) {

  public boolean matches(MuteTarget t) {
    return (device == null || t.devices().contains(device))
        && (school == null || school.equals(t.schoolId()))
        && (commune == null || commune.equals(t.communeId()))
        && (provider == null || provider.equals(t.provider()))
        && (linkType == null || linkType.equals(t.linkType()));
  }

  public boolean isEmpty() {
    return device == null
        && school == null
        && commune == null
        && provider == null
        && linkType == null;
  }

  /** As stored in table {@code silence}: {@code {"school": "...", "link-type": ...}}. */
  public JsonObject toJson() {
    JsonObject j = new JsonObject();
    putIf(j, "device", device);
    putIf(j, "school", school);
    putIf(j, "commune", commune);
    putIf(j, "provider", provider);
    putIf(j, "link-type", linkType);
    return j;
  }

  public static Matcher fromJson(JsonObject j) {
    return new Matcher(
        j.getString("device"),
        j.getString("school"),
        j.getString("commune"),
        j.getString("provider"),
        j.getString("link-type"));
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    toJson().forEach(e -> parts.add(e.getKey() + "=" + e.getValue()));
    return String.join(", ", parts);
  }

  private static void putIf(JsonObject j, String key, String value) {
    if (value != null) {
      j.put(key, value);
    }
  }
}
