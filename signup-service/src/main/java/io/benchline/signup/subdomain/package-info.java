/**
 * Subdomains: the naming rules, deriving one from an organization name, and the registry that lets exactly one
 * tenant hold each name (implemented on Kafka Streams in {@code messaging}).
 */
package io.benchline.signup.subdomain;
