/**
 * {@code POST /api/signups}: reads and validates a signup, seals the password at once, claims the subdomain and
 * answers 202 with where to follow the signup. Nothing reaches Kafka unless the whole request is valid.
 */
package io.benchline.signup.intake;
