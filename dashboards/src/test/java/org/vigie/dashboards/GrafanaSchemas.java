package org.vigie.dashboards;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Grafana's JSON Schemas from {@code shared/grafana/jsonschema/}, found by walking up from the
 * working directory (a module's tests run in the module folder, the project may sit beside {@code
 * shared/}). Missing schemas fail the test: the proof must not silently disappear.
 */
final class GrafanaSchemas {
  private final Path dir;

  GrafanaSchemas() {
    this.dir = locate();
  }

  static Path locate() {
    Path start = Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/grafana/jsonschema");
      if (Files.isRegularFile(candidate.resolve("dashboard.jsonschema.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "Grafana JSON Schemas not found: no shared/grafana/jsonschema/dashboard.jsonschema.json in "
            + start
            + " or any folder above it");
  }

  /** Validation errors of a whole dashboard (empty when valid). */
  List<String> validateDashboard(JsonObject dashboard) {
    return validate(read("dashboard"), dashboard);
  }

  boolean hasPanelSchema(String type) {
    return Files.isRegularFile(dir.resolve(type + ".jsonschema.json"));
  }

  /**
   * Validates {@code value} against {@code #/definitions/<definition>} of a panel kind's schema.
   */
  List<String> validatePanel(String type, String definition, Object value) {
    JsonObject schema = read(type).copy().put("$ref", "#/definitions/" + definition);
    return validate(schema, value);
  }

  private JsonObject read(String name) {
    try {
      return new JsonObject(Files.readString(dir.resolve(name + ".jsonschema.json")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the " + name + " schema in " + dir, e);
    }
  }

  private static List<String> validate(JsonObject schema, Object value) {
    Validator v =
        Validator.create(
            JsonSchema.of(schema),
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT7)
                .setBaseUri("https://grafana.invalid/schema")
                .setOutputFormat(io.vertx.json.schema.OutputFormat.Basic));
    OutputUnit out = v.validate(value);
    List<String> errors = new ArrayList<>();
    if (!out.getValid()) {
      if (out.getErrors() == null || out.getErrors().isEmpty()) {
        errors.add(out.getInstanceLocation() + ": " + out.getError());
      } else {
        for (OutputUnit e : out.getErrors()) {
          errors.add(e.getInstanceLocation() + ": " + e.getError());
        }
      }
    }
    return errors;
  }
}
