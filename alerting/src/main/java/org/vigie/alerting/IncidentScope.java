package org.vigie.alerting;

/** What an incident is about: its root cause, as the correlator found it from the topology. */
public enum IncidentScope {
  /** A school's internet link or router is down: everything behind it is unreachable. */
  SCHOOL,
  /** One device is down while the path to it is up. */
  DEVICE,
  /** One check is past a rule's threshold (backup too old, disk full, certificate expiring). */
  CHECK,
  /** Many schools of one provider or link type failed together: the cause is upstream. */
  UPSTREAM
}
