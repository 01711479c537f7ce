package io.benchline.user.site;

import io.benchline.platform.secrets.Secret;

/** The customer's administrator as it will be created on the site; the password stays a {@link Secret}. */
public record NewSiteUser(String email, String firstName, String lastName, Secret password) {}
