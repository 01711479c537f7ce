/** The HTTP side of the bench host: nginx's routing by site name and Frappe's REST API with its exact error bodies. */
package io.benchline.simulator.rest;
