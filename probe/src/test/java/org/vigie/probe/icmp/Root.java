package org.vigie.probe.icmp;

/** Test support: tests that need root say so and fail clearly without it (CI runs as root). */
public final class Root {
  private Root() {}

  /**
   * Fails (never skips) when the JVM is not root.
   *
   * @param why what the test does that needs root
   */
  public static void require(String why) {
    int uid = LibC.geteuid();
    if (uid != 0) {
      throw new IllegalStateException(
          "this test needs root (CI runs as root) to "
              + why
              + "; running as uid "
              + uid
              + ": run ./run-tests as root");
    }
  }
}
