package org.vigie.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads secrets (passwords, tokens) from files named in the configuration, so that no secret is
 * ever written in the configuration itself. Relative paths resolve against the configuration file's
 * folder. Error messages name the file, never its content.
 */
public final class SecretFiles {
  private final Path base;

  /**
   * @param base the folder relative paths resolve against
   */
  public SecretFiles(Path base) {
    this.base = base;
  }

  /** The file's first line, trimmed; empty if it cannot be read or is empty. */
  public Optional<String> read(String file) {
    try {
      String text = Files.readString(base.resolve(file), StandardCharsets.UTF_8);
      String first = text.lines().findFirst().orElse("").strip();
      return first.isEmpty() ? Optional.empty() : Optional.of(first);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Why {@link #read} found nothing, for the error message. */
  public String whyNot(String file) {
    Path p = base.resolve(file);
    try {
      if (!Files.exists(p)) {
        return "password file not found: "
            + p
            + "; create it (one line, mode 0600) or fix the path";
      }
      return Files.readString(p, StandardCharsets.UTF_8).isBlank()
          ? "password file is empty: " + p
          : "cannot read password file " + p;
    } catch (NoSuchFileException e) {
      return "password file not found: " + p;
    } catch (IOException e) {
      return "cannot read password file " + p + ": " + e.getClass().getSimpleName();
    }
  }
}
