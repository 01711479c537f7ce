/** Bearer JWTs (OAuth2 resource server): issuer and audience checked, scopes {@code ops:read} and {@code ops:write}. */
package io.benchline.operator.security;
