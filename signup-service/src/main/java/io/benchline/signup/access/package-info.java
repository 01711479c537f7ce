/**
 * Who may watch a signup: the POST that accepted it hands out a signed token bounded to the signup's deadline and
 * naming its signing key (as an HttpOnly SameSite cookie and inside {@code eventsUrl}), the status and event
 * endpoints check it on every request, and the access log never shows it.
 */
package io.benchline.signup.access;
