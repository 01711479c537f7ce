/**
 * provisioner-service: turns TenantRequested into a Frappe site on a bench host over SSH and emits SiteProvisioned
 * or ProvisioningFailed. This package holds the application, its configuration properties and the wiring.
 */
package io.benchline.provisioner;
