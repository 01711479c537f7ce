package io.benchline.platform.countries;

/**
 * One of Frappe's Country records.
 *
 * @param code ISO 3166-1 alpha-2, upper-case ({@code "DE"}): what Benchline's events carry
 * @param name the Country record's name ({@code "Germany"}): what Frappe's link fields and setup wizard accept
 */
public record Country(String code, String name) {}
