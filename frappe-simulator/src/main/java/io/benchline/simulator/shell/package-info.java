/** The login shell of the bench user, reduced to what bench hosts need: {@code cd}, {@code &&}, quoting, and nothing that could run injected code. */
package io.benchline.simulator.shell;
