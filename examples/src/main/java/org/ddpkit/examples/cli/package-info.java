/** The demos' command lines: flags, usage errors (exit 64) and the exit codes of failures. */
package org.ddpkit.examples.cli;
