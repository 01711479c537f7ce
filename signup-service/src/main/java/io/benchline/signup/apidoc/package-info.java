/**
 * The OpenAPI document of the public API ({@code /v3/api-docs}): springdoc reads the paths, parameters and bodies
 * from the controllers; {@link io.benchline.signup.apidoc.ApiDocumentation} states what each answers.
 */
package io.benchline.signup.apidoc;
