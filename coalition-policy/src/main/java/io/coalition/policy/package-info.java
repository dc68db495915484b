/** ALFA compiler and XACML 3.0 evaluation (issue 5). */
package io.coalition.policy;
