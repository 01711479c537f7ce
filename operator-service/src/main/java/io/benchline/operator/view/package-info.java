/** Every instance's copy of {@code operator.tenants} (and of issued commands), indexed for the list queries. */
package io.benchline.operator.view;
