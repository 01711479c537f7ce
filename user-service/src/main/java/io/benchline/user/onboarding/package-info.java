/**
 * The feature: from {@code KeysActive} to the customer's administrator on their site (plus System Settings
 * pre-filled from the signup's country, time zone and currency for ERPNext's own setup wizard) and exactly one
 * terminal event.
 */
package io.benchline.user.onboarding;
