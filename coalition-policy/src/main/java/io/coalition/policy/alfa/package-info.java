/**
 * ALFA ("ALFA for XACML" 1.0) to XACML 3.0 compiler: {@link io.coalition.policy.alfa.AlfaCompiler} over
 * {@link io.coalition.policy.alfa.AlfaSource}s gives {@link io.coalition.policy.alfa.CompiledPolicy} documents
 * or an {@link io.coalition.policy.alfa.AlfaException} naming file, line and column. The rest is package-private:
 * lexer, recursive-descent parser, name resolution and type checking, XML output, the built-in System library.
 */
package io.coalition.policy.alfa;
