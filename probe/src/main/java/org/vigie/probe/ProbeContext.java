package org.vigie.probe;

import java.time.Duration;

/**
 * What the shared frame tells a probe about this run.
 *
 * @param timeout the time the probe has; it should bound its own I/O by it so that sockets are
 *     closed, not just abandoned, when the frame gives up
 */
public record ProbeContext(Duration timeout) {}
