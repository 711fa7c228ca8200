package org.vigie.reports;

/** The same figures when the ledger table is read without opening the ledger (the CLI's way). */
class ReportAccuracyReadOnlyTest extends ReportAccuracyTest {
  ReportAccuracyReadOnlyTest() {
    readOnly = true;
  }
}
