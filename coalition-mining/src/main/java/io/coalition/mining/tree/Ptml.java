package io.coalition.mining.tree;

import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import io.coalition.eventlog.Location;
import io.coalition.mining.MiningException;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PTML, the process tree XML of ProM and pm4py: {@code <ptml><processTree root=...>} with one element per node
 * ({@code manualTask} = activity, {@code automaticTask} = tau, {@code sequence}, {@code xor}, {@code and},
 * {@code or}, {@code xorLoop}) and {@code <parentsNode sourceId targetId>} edges whose document order is the
 * child order.
 *
 * <p>ProM's {@code xorLoop} has three children (do, redo, exit); pm4py writes a tau exit for its two-child
 * loops. On reading, a tau exit is dropped and a visible exit becomes {@code ->( *(do, redo), exit )}, so the
 * result has pm4py's loop semantics; on writing, a tau exit is added.
 */
public final class Ptml {
    private Ptml() {
    }

    public static ProcessTree read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new MiningException(Location.of(file.toString()), "cannot read PTML: " + e.getMessage(), e);
        }
    }

    private record Node(String kind, String name, Location at) {
    }

    /** Reads a tree from {@code in}; {@code source} names it in error locations. */
    public static ProcessTree read(InputStream in, String source) {
        XMLInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        Map<String, Node> nodes = new LinkedHashMap<>();
        Map<String, List<String>> kids = new HashMap<>();
        Set<String> hasParent = new HashSet<>();
        String root = null;
        Location rootAt = null;
        XMLStreamReader r = null;
        try {
            r = f.createXMLStreamReader(in);
            while (r.hasNext()) {
                if (r.next() != XMLStreamConstants.START_ELEMENT) continue;
                String el = r.getLocalName();
                Location at = Location.at(source, r.getLocation().getLineNumber(), r.getLocation().getColumnNumber());
                switch (el) {
                    case "ptml" -> {
                    }
                    case "processTree" -> {
                        if (root != null) throw new MiningException(at, "expected one <processTree>, found another");
                        root = require(r, "root", at);
                        rootAt = at;
                    }
                    case "parentsNode" -> {
                        String s = require(r, "sourceId", at);
                        String t = require(r, "targetId", at);
                        if (!hasParent.add(t)) throw new MiningException(at, "node " + t + " has a second parent");
                        kids.computeIfAbsent(s, k -> new ArrayList<>()).add(t);
                    }
                    case "manualTask", "automaticTask", "sequence", "xor", "and", "or", "xorLoop" -> {
                        String id = require(r, "id", at);
                        String name = r.getAttributeValue(null, "name");
                        if (nodes.put(id, new Node(el, name, at)) != null) {
                            throw new MiningException(at, "duplicate node id " + id);
                        }
                    }
                    default -> throw new MiningException(at, "expected a PTML node or <parentsNode>, found <" + el + ">");
                }
            }
        } catch (XMLStreamException e) {
            javax.xml.stream.Location l = e.getLocation();
            throw new MiningException(l == null ? Location.of(source) : Location.at(source, l.getLineNumber(), l.getColumnNumber()),
                    "malformed XML: " + e.getMessage(), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond the stream the caller owns
                }
            }
        }
        if (root == null) throw new MiningException(Location.of(source), "expected <processTree root=...>, found none");
        if (!nodes.containsKey(root)) throw new MiningException(rootAt, "root " + root + " is not a node");
        for (Map.Entry<String, List<String>> e : kids.entrySet()) {
            if (!nodes.containsKey(e.getKey())) throw new MiningException(Location.of(source), "parentsNode names unknown source " + e.getKey());
            for (String t : e.getValue()) {
                if (!nodes.containsKey(t)) throw new MiningException(Location.of(source), "parentsNode names unknown target " + t);
            }
        }
        return build(root, nodes, kids, new HashSet<>());
    }

    private static String require(XMLStreamReader r, String attr, Location at) {
        String v = r.getAttributeValue(null, attr);
        if (v == null) throw new MiningException(at, "expected attribute " + attr + " on <" + r.getLocalName() + ">");
        return v;
    }

    private static ProcessTree build(String id, Map<String, Node> nodes, Map<String, List<String>> kids, Set<String> onPath) {
        Node n = nodes.get(id);
        if (!onPath.add(id)) throw new MiningException(n.at(), "cycle through node " + id);
        List<String> cs = kids.getOrDefault(id, List.of());
        ProcessTree out;
        switch (n.kind()) {
            case "manualTask" -> {
                if (!cs.isEmpty()) throw new MiningException(n.at(), "a task has no children");
                out = ProcessTree.activity(n.name() == null ? "" : n.name());
            }
            case "automaticTask" -> {
                if (!cs.isEmpty()) throw new MiningException(n.at(), "a task has no children");
                out = ProcessTree.tau();
            }
            default -> {
                List<ProcessTree> children = new ArrayList<>();
                for (String c : cs) children.add(build(c, nodes, kids, onPath));
                if (children.isEmpty()) throw new MiningException(n.at(), "expected children under <" + n.kind() + ">");
                out = switch (n.kind()) {
                    case "sequence" -> ProcessTree.of(ProcessTree.Operator.SEQUENCE, children);
                    case "xor" -> ProcessTree.of(ProcessTree.Operator.XOR, children);
                    case "and" -> ProcessTree.of(ProcessTree.Operator.PARALLEL, children);
                    case "or" -> ProcessTree.of(ProcessTree.Operator.OR, children);
                    default -> loop(children, n);
                };
            }
        }
        onPath.remove(id);
        return out;
    }

    private static ProcessTree loop(List<ProcessTree> children, Node n) {
        if (children.size() == 2) return ProcessTree.of(ProcessTree.Operator.LOOP, children);
        if (children.size() != 3) throw new MiningException(n.at(), "expected 2 or 3 children under <xorLoop>, found " + children.size());
        ProcessTree l = ProcessTree.loop(children.get(0), children.get(1));
        return children.get(2).isTau() ? l : ProcessTree.sequence(l, children.get(2));
    }

    /** Writes {@code tree} as PTML (UTF-8) with deterministic ids {@code n0, n1, ...}; does not close {@code out}. */
    public static void write(ProcessTree tree, OutputStream out) {
        try {
            XMLStreamWriter w = new WstxOutputFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("ptml");
            w.writeCharacters("\n");
            w.writeStartElement("processTree");
            w.writeAttribute("id", "tree");
            w.writeAttribute("name", "tree");
            w.writeAttribute("root", "n0");
            w.writeCharacters("\n");
            List<String[]> edges = new ArrayList<>();
            int[] counter = {0};
            writeNode(w, tree, counter, edges);
            int e = 0;
            for (String[] edge : edges) {
                w.writeEmptyElement("parentsNode");
                w.writeAttribute("id", "e" + (e++));
                w.writeAttribute("sourceId", edge[0]);
                w.writeAttribute("targetId", edge[1]);
                w.writeCharacters("\n");
            }
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.flush();
        } catch (XMLStreamException e) {
            throw new MiningException(null, "cannot write PTML: " + e.getMessage(), e);
        }
    }

    public static void write(ProcessTree tree, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(tree, out);
        } catch (IOException e) {
            throw new MiningException(Location.of(file.toString()), "cannot write PTML: " + e.getMessage(), e);
        }
    }

    private static String writeNode(XMLStreamWriter w, ProcessTree t, int[] counter, List<String[]> edges) throws XMLStreamException {
        String id = "n" + (counter[0]++);
        String el;
        if (t.isTau()) el = "automaticTask";
        else if (t.isLeaf()) el = "manualTask";
        else el = switch (t.operator()) {
            case SEQUENCE -> "sequence";
            case XOR -> "xor";
            case PARALLEL -> "and";
            case OR -> "or";
            case LOOP -> "xorLoop";
        };
        w.writeEmptyElement(el);
        w.writeAttribute("id", id);
        w.writeAttribute("name", t.label() == null ? "" : t.label());
        w.writeCharacters("\n");
        List<ProcessTree> cs = t.children();
        if (t.operator() == ProcessTree.Operator.LOOP) {
            // ProM's xorLoop is (do, redo, exit): more redo children become one XOR, the exit is tau
            ProcessTree redo = cs.size() == 2 ? cs.get(1) : ProcessTree.of(ProcessTree.Operator.XOR, cs.subList(1, cs.size()));
            cs = List.of(cs.get(0), redo, ProcessTree.tau());
        }
        for (ProcessTree c : cs) edges.add(new String[] {id, writeNode(w, c, counter, edges)});
        return id;
    }
}
