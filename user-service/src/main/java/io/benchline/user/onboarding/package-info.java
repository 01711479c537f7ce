/**
 * The feature: from {@code KeysActive} to the customer's administrator on their site (plus a completed setup
 * wizard when the signup names the company's country, currency and time zone) and exactly one terminal event.
 */
package io.benchline.user.onboarding;
