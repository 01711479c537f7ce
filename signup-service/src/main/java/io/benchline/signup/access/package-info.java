/**
 * Who may watch a signup: the POST that accepted it hands out a signed, expiring token (as an HttpOnly SameSite
 * cookie and inside {@code eventsUrl}), and the status and event endpoints check it on every request.
 */
package io.benchline.signup.access;
