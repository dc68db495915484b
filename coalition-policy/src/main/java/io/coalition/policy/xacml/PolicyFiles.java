package io.coalition.policy.xacml;

import io.coalition.policy.PolicyException;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the policy files under the given paths and reads, from each, what choosing the root needs: whether it
 * is a Policy or a PolicySet, its id and version, and the ids it references. Full validation is AuthzForce's
 * job; this pass exists so that errors name the file, and so the root can be the single unreferenced policy.
 */
final class PolicyFiles {
    static final String XACML3_NS = "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17";

    /** One top-level policy element in one file. */
    record PolicyFile(Path file, boolean policySet, String id, String version, Set<String> references) {
        String describe() {
            return (policySet ? "PolicySet " : "Policy ") + "'" + id + "' (" + file + ")";
        }
    }

    private PolicyFiles() {
    }

    /** Files as given; directories walked for {@code *.xml}, in name order. */
    static List<Path> expand(List<Path> paths) {
        if (paths.isEmpty()) throw new PolicyException("no policy file or directory given");
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> found;
                try (Stream<Path> walk = Files.walk(p)) {
                    found = walk.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".xml"))
                            .sorted(Comparator.comparing(Path::toString)).toList();
                } catch (IOException e) {
                    throw new PolicyException("policy directory " + p + ": cannot list: " + e.getMessage(), e);
                }
                if (found.isEmpty()) throw new PolicyException("policy directory " + p + ": no *.xml file");
                files.addAll(found);
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new PolicyException("policy file " + p + ": not found");
            }
        }
        return files;
    }

    static PolicyFile read(Path file) {
        // The JDK's own parser whatever else is on the classpath (Woodstox is, in the app): same messages everywhere.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        // Policies come from other organizations: no DTDs, no external entities.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = factory.createXMLStreamReader(in);
            try {
                while (r.next() != XMLStreamConstants.START_ELEMENT) {
                    // skip prolog, comments
                }
                String ns = r.getNamespaceURI();
                String name = r.getLocalName();
                boolean policySet = name.equals("PolicySet");
                if (!XACML3_NS.equals(ns) || !(policySet || name.equals("Policy"))) {
                    throw new PolicyException(file + ": line " + r.getLocation().getLineNumber()
                            + ": root element is {" + (ns == null ? "" : ns) + "}" + name
                            + ", expected a XACML 3.0 Policy or PolicySet (namespace " + XACML3_NS + ")");
                }
                String idAttribute = policySet ? "PolicySetId" : "PolicyId";
                String id = r.getAttributeValue(null, idAttribute);
                if (id == null || id.isBlank()) {
                    throw new PolicyException(file + ": line " + r.getLocation().getLineNumber() + ": " + name
                            + " has no " + idAttribute);
                }
                String version = r.getAttributeValue(null, "Version");
                Set<String> refs = new LinkedHashSet<>();
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT && XACML3_NS.equals(r.getNamespaceURI())
                            && (r.getLocalName().equals("PolicyIdReference")
                            || r.getLocalName().equals("PolicySetIdReference"))) {
                        refs.add(r.getElementText().strip());
                    }
                }
                return new PolicyFile(file, policySet, id, version == null ? "1.0" : version, refs);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? ""
                    : ": line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber();
            throw new PolicyException(file + where + ": not well-formed XML: " + message(e), e);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String message(XMLStreamException e) {
        String m = e.getMessage();
        // The JDK prefixes "ParseError at [row,col]:[r,c]\nMessage: "; the location is reported separately.
        int i = m == null ? -1 : m.indexOf("Message: ");
        return (i < 0 ? String.valueOf(m) : m.substring(i + "Message: ".length())).strip();
    }

    /**
     * The root: the policy with {@code rootId} if given, else the only policy no other one references.
     * Two files with the same id and version are refused (AuthzForce would keep one silently otherwise).
     */
    static PolicyFile root(List<PolicyFile> policies, String rootId) {
        Map<String, PolicyFile> byIdVersion = new HashMap<>();
        for (PolicyFile p : policies) {
            PolicyFile other = byIdVersion.put((p.policySet() ? "S:" : "P:") + p.id() + "#" + p.version(), p);
            if (other != null) {
                throw new PolicyException("policy id '" + p.id() + "' version " + p.version() + " is defined twice: in "
                        + other.file() + " and in " + p.file());
            }
        }
        if (rootId != null) {
            List<PolicyFile> matches = policies.stream().filter(p -> p.id().equals(rootId)).toList();
            if (matches.isEmpty()) {
                throw new PolicyException("root policy '" + rootId + "' not found; loaded: "
                        + policies.stream().map(PolicyFile::id).toList());
            }
            // Several versions of one id: the PDP picks the latest.
            return matches.stream().max(Comparator.comparing(p -> new VersionKey(p.version()))).orElseThrow();
        }
        Set<String> referenced = new LinkedHashSet<>();
        policies.forEach(p -> referenced.addAll(p.references()));
        List<PolicyFile> top = policies.stream().filter(p -> !referenced.contains(p.id())).toList();
        if (top.size() == 1) return top.get(0);
        if (top.isEmpty()) {
            throw new PolicyException("no top-level policy: each of " + policies.size()
                    + " policies is referenced by another (circular references?); name the root policy id");
        }
        throw new PolicyException(top.size() + " top-level policies ("
                + String.join(", ", top.stream().map(PolicyFile::describe).toList())
                + "); name the root policy id");
    }

    /** XACML VersionType ordering: dot-separated non-negative integers compared numerically. */
    private record VersionKey(String version) implements Comparable<VersionKey> {
        @Override
        public int compareTo(VersionKey o) {
            String[] a = version.split("\\."), b = o.version.split("\\.");
            for (int i = 0; i < Math.max(a.length, b.length); i++) {
                long x = i < a.length ? parse(a[i]) : 0, y = i < b.length ? parse(b[i]) : 0;
                if (x != y) return Long.compare(x, y);
            }
            return 0;
        }

        private static long parse(String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
