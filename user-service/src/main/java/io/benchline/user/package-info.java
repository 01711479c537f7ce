/**
 * user-service: turns {@code KeysActive} into the customer's administrator on their new site and reports the
 * signup's terminal outcome ({@code SignupCompleted} or {@code ProvisioningFailed} at stage USER).
 */
package io.benchline.user;
