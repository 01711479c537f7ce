/** Run-time pieces every Benchline service shares, wired by Spring Boot auto-configuration. */
package io.benchline.platform;
