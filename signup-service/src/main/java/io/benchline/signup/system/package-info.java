/** Cross-cutting web policy: configuration, problem responses, CORS, request size and per-client rate limits. */
package io.benchline.signup.system;
