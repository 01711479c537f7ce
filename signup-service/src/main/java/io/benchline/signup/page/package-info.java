/** The reference signup page served at {@code /}, and the browser security headers every response carries. */
package io.benchline.signup.page;
