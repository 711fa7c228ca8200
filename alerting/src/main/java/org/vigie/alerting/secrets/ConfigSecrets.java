package org.vigie.alerting.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.vigie.aggregator.Secret;
import org.vigie.inventory.ConfigNode;

/**
 * Reads a secret named by {@code <stem>-file} (a path relative to the configuration file's folder;
 * its first line) or {@code <stem>-env} (an environment variable), never from the configuration
 * itself. Problems are reported at the key's position and name the file or variable, never the
 * value.
 */
public final class ConfigSecrets {
  private final Path base;
  private final Map<String, String> env;

  /**
   * @param base the configuration file's folder
   * @param env the process environment (the caller passes {@code System.getenv()})
   */
  public ConfigSecrets(Path base, Map<String, String> env) {
    this.base = base;
    this.env = Map.copyOf(env);
  }

  /**
   * The secret of {@code stem} in {@code node}; empty (and reported if {@code required}) when
   * neither key is given or it cannot be read. A plain {@code <stem>} key is refused.
   */
  public Optional<Secret> read(ConfigNode node, String stem, boolean required) {
    if (node.child(stem).isPresent()) {
      node.error(
          stem,
          "secrets are not written in the configuration; use "
              + stem
              + "-file (a file holding it) or "
              + stem
              + "-env (an environment variable)");
      return Optional.empty();
    }
    String file = node.string(stem + "-file", null);
    String var = node.string(stem + "-env", null);
    if (file != null && var != null) {
      node.error(stem + "-env", "give either " + stem + "-file or " + stem + "-env, not both");
      return Optional.empty();
    }
    if (file != null) {
      Path p = base.resolve(file);
      try {
        String first = Files.readString(p, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        if (first.strip().isEmpty()) {
          node.error(stem + "-file", "secret file is empty: " + p);
          return Optional.empty();
        }
        return Optional.of(Secret.of(first.strip()));
      } catch (IOException e) {
        node.error(
            stem + "-file",
            (Files.exists(p) ? "cannot read secret file " : "secret file not found: ") + p);
        return Optional.empty();
      }
    }
    if (var != null) {
      String v = env.get(var);
      if (v == null || v.isBlank()) {
        node.error(stem + "-env", "environment variable " + var + " is not set or empty");
        return Optional.empty();
      }
      return Optional.of(Secret.of(v.strip()));
    }
    if (required) {
      node.error("missing " + stem + "-file or " + stem + "-env");
    }
    return Optional.empty();
  }
}
