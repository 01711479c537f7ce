/** The operator API under {@code /ops}: queries answered from the view, requests published as commands. */
package io.benchline.operator.api;
