package io.coalition.streamaccess.rdf;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;

import java.util.Objects;

/**
 * One element of the process stream: a triple and the process (case) it belongs to. The process is what the PEP
 * buffers by and what conditions are evaluated against (seed 003, section 6.1); it is the graph name when the
 * stream is written as N-Quads.
 */
public record ProcessTriple(Node process, Triple triple) {
    public ProcessTriple {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(triple, "triple");
    }
}
