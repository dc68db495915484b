package io.coalition.policy.alfa;

import java.util.Objects;

/**
 * One compiled top-level ALFA policy or policy set: a XACML 3.0 document.
 *
 * @param name      the ALFA name with its namespace, e.g. {@code tutorial.Main}
 * @param id        the XACML PolicyId / PolicySetId
 * @param policySet whether the document is a PolicySet
 * @param fileName  the file name to write it under: {@code name + ".xml"}
 * @param xml       the XACML 3.0 XML text
 */
public record CompiledPolicy(String name, String id, boolean policySet, String fileName, String xml) {
    public CompiledPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(xml, "xml");
    }
}
