/**
 * From a validated {@code JobSpec} to script text: shell quoting, the srun command line, the
 * render model (every value a template can use, computed here so templates stay logic-less),
 * template lookup in the search order, and Mustache rendering.
 */
package org.ddpkit.jobgen.render;
