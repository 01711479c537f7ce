/**
 * The REST API of a customer's Frappe site as user-service needs it: create a user, read one back, save System
 * Settings. Retries answers that are safe to retry within a budget and turns every answer into an outcome, never
 * an exception carrying a secret.
 */
package io.benchline.user.site;
