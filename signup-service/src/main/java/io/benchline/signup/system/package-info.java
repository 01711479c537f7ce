/**
 * Cross-cutting web policy: configuration, problem responses, CORS, request size, rate limits matched on the
 * dispatched route, refusal of path parameters, and 503 until the instance is ready.
 */
package io.benchline.signup.system;
