/** Charts of a training run (JFreeChart, drawn headless into PNG files). */
package org.ddpkit.examples.plot;
