/**
 * Countries as Frappe names them: its own table of 249 Country records, so a country given as an ISO code or a
 * name reaches Frappe as the exact Country name its link fields accept.
 */
package io.benchline.platform.countries;
