package org.vigie.reports;

/** Told after each commune is computed (for a progress display). */
@FunctionalInterface
public interface ReportProgress {
  void communeDone(String communeId, int done, int total);

  static ReportProgress none() {
    return (id, done, total) -> {};
  }
}
