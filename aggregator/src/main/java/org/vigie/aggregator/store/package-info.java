/** The state store's JDBC implementation: pool, worker pool, Flyway migrations, SQLite pragmas. */
package org.vigie.aggregator.store;
