package org.vigie.probe;

import io.vertx.core.net.PfxOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Self-signed server certificates with chosen dates, made by the JDK's keytool. */
final class TestCertificates {
  private TestCertificates() {}

  /**
   * A PKCS#12 key store valid from {@code startDate} (keytool syntax, e.g. {@code -10d}, or null
   * for now) for {@code validityDays} days.
   */
  static PfxOptions keyStore(Path dir, String startDate, int validityDays) throws Exception {
    Path file = dir.resolve("server-" + System.nanoTime() + ".p12");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=ecole.test",
                "-validity",
                Integer.toString(validityDays),
                "-keystore",
                file.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit"));
    if (startDate != null) {
      cmd.add("-startdate");
      cmd.add(startDate);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
    return new PfxOptions().setPath(file.toString()).setPassword("changeit");
  }
}
