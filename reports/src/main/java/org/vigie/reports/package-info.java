/**
 * Monthly availability reports per commune (PDF, CSV, HTML e-mail) from the availability ledger,
 * the incidents, the school calendar and the inventory, with the billing estimate of the
 * convention; scheduled delivery, exactly once per commune and month.
 */
package org.vigie.reports;
