/**
 * The availability ledger's implementation: state intervals in SQL, derived device and link
 * subjects, exact availability by clipped sums.
 */
package org.vigie.aggregator.ledger;
