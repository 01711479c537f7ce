/** signup-service: turns a signup form into an accepted {@code TenantRequested} and reports its progress back. */
package io.benchline.signup;
