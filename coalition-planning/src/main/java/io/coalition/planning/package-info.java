/** Resilient inter-organizational assignment planning, seed 001 (issue 10). */
package io.coalition.planning;
