package org.vigie.reports;

import java.time.Duration;

/**
 * A commune's month in a few figures (all its schools added up).
 *
 * @param linkDownSchoolHours the links' DOWN time during school hours
 */
public record CommuneSummary(
    Measure link,
    Measure server,
    Measure wifi,
    Backups backups,
    int incidents,
    Duration linkDownSchoolHours) {}
