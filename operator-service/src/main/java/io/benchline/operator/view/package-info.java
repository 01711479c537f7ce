/**
 * Every instance's copy of the tenants' snapshots (read from the lifecycle store's changelog) and of issued
 * commands, indexed for the list queries.
 */
package io.benchline.operator.view;
