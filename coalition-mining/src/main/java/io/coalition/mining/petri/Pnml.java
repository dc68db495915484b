package io.coalition.mining.petri;

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
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PNML (ISO/IEC 15909-2, the 2009 P/T net grammar) as pm4py and ProM write it: one {@code <net>}, a
 * {@code <page>}, places with {@code initialMarking}, transitions whose invisibility is the ProM tool-specific
 * {@code activity="$invisible$"}, arcs with an optional {@code inscription} weight, and the final marking in
 * {@code <finalmarkings>}.
 *
 * <p>The reader is lenient the way pm4py's is: pages are optional and may nest, a transition declared twice with
 * the same id is one transition (CONFINE writes that), a transition without a name is labelled by its id, and a
 * missing final marking is empty.
 */
public final class Pnml {
    private static final String INVISIBLE = "$invisible$";
    private static final String GRAMMAR = "http://www.pnml.org/version-2009/grammar/pnmlcoremodel";

    private Pnml() {
    }

    /** Writes {@code net} as PNML (UTF-8) to {@code out}; does not close it. */
    public static void write(AcceptingPetriNet net, OutputStream out) {
        try {
            XMLStreamWriter w = new WstxOutputFactory().createXMLStreamWriter(out, "UTF-8");
            PetriNet n = net.net();
            w.writeStartDocument("UTF-8", "1.0");
            nl(w, 0);
            w.writeStartElement("pnml");
            nl(w, 1);
            w.writeStartElement("net");
            w.writeAttribute("id", n.name().isEmpty() ? "net1" : n.name());
            w.writeAttribute("type", GRAMMAR);
            nl(w, 2);
            name(w, n.name().isEmpty() ? "net1" : n.name());
            nl(w, 2);
            w.writeStartElement("page");
            w.writeAttribute("id", "n0");
            for (PetriNet.Place p : n.places()) {
                nl(w, 3);
                w.writeStartElement("place");
                w.writeAttribute("id", p.id());
                nl(w, 4);
                name(w, p.name());
                int tokens = net.initial().get(p.id());
                if (tokens > 0) {
                    nl(w, 4);
                    w.writeStartElement("initialMarking");
                    text(w, Integer.toString(tokens));
                    w.writeEndElement();
                }
                nl(w, 3);
                w.writeEndElement();
            }
            for (PetriNet.Transition t : n.transitions()) {
                nl(w, 3);
                w.writeStartElement("transition");
                w.writeAttribute("id", t.id());
                nl(w, 4);
                name(w, t.isInvisible() ? t.id() : t.label());
                if (t.isInvisible()) {
                    nl(w, 4);
                    w.writeEmptyElement("toolspecific");
                    w.writeAttribute("tool", "ProM");
                    w.writeAttribute("version", "6.4");
                    w.writeAttribute("activity", INVISIBLE);
                    w.writeAttribute("localNodeID", t.id());
                }
                nl(w, 3);
                w.writeEndElement();
            }
            int i = 0;
            for (PetriNet.Arc a : n.arcs()) {
                nl(w, 3);
                w.writeStartElement("arc");
                w.writeAttribute("id", "arc" + (++i));
                w.writeAttribute("source", a.source());
                w.writeAttribute("target", a.target());
                if (a.weight() != 1) {
                    nl(w, 4);
                    w.writeStartElement("inscription");
                    text(w, Integer.toString(a.weight()));
                    w.writeEndElement();
                    nl(w, 3);
                }
                w.writeEndElement();
            }
            nl(w, 2);
            w.writeEndElement(); // page
            nl(w, 2);
            w.writeStartElement("finalmarkings");
            nl(w, 3);
            w.writeStartElement("marking");
            for (Map.Entry<String, Integer> e : net.fin().tokens().entrySet()) {
                nl(w, 4);
                w.writeStartElement("place");
                w.writeAttribute("idref", e.getKey());
                w.writeStartElement("text");
                w.writeCharacters(e.getValue().toString());
                w.writeEndElement();
                w.writeEndElement();
            }
            nl(w, 3);
            w.writeEndElement();
            nl(w, 2);
            w.writeEndElement();
            nl(w, 1);
            w.writeEndElement(); // net
            nl(w, 0);
            w.writeEndElement();
            nl(w, 0);
            w.writeEndDocument();
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new MiningException(null, "cannot write PNML: " + e.getMessage(), e);
        }
    }

    /** The PNML text of {@code net}. */
    public static String toString(AcceptingPetriNet net) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(net, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes {@code net} to {@code file} (atomically: temp file, then move). */
    public static void write(AcceptingPetriNet net, Path file) {
        io.coalition.eventlog.io.AtomicFiles.write(file, out -> write(net, out));
    }

    private static void nl(XMLStreamWriter w, int depth) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
    }

    private static void name(XMLStreamWriter w, String value) throws XMLStreamException {
        w.writeStartElement("name");
        text(w, value);
        w.writeEndElement();
    }

    private static void text(XMLStreamWriter w, String value) throws XMLStreamException {
        w.writeStartElement("text");
        w.writeCharacters(value);
        w.writeEndElement();
    }

    /** Reads the first net of the PNML file {@code file}. */
    public static AcceptingPetriNet read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new MiningException(Location.of(file.toString()), "cannot read PNML: " + e.getMessage(), e);
        }
    }

    /** Reads the first net of a PNML document; {@code source} names it in error messages. */
    public static AcceptingPetriNet read(InputStream in, String source) {
        XMLInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader r = null;
        try {
            r = f.createXMLStreamReader(in);
            return parse(r, source);
        } catch (XMLStreamException e) {
            javax.xml.stream.Location l = e.getLocation();
            throw new MiningException(l == null ? Location.of(source) : Location.at(source, l.getLineNumber(), l.getColumnNumber()),
                    "malformed PNML: " + e.getMessage(), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing more to report
                }
            }
        }
    }

    private static AcceptingPetriNet parse(XMLStreamReader r, String source) throws XMLStreamException {
        String netName = null;
        Map<String, String> placeNames = new LinkedHashMap<>();
        Map<String, String> transitionLabels = new LinkedHashMap<>();
        Map<String, Boolean> invisible = new LinkedHashMap<>();
        List<String[]> arcs = new ArrayList<>();
        TreeMap<String, Integer> initial = new TreeMap<>();
        TreeMap<String, Integer> fin = new TreeMap<>();
        Deque<String> path = new ArrayDeque<>();
        String currentId = null;
        String currentKind = null;
        String[] currentArc = null;
        String finalPlace = null;
        boolean inNet = false;
        boolean netDone = false;
        StringBuilder text = new StringBuilder();
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                String local = r.getLocalName();
                String parent = path.peek();
                path.push(local);
                text.setLength(0);
                if (netDone) continue;
                switch (local) {
                    case "net" -> {
                        inNet = true;
                        netName = r.getAttributeValue(null, "id");
                    }
                    case "place" -> {
                        if ("marking".equals(parent)) {
                            finalPlace = attr(r, "idref", source);
                        } else {
                            currentKind = "place";
                            currentId = attr(r, "id", source);
                            placeNames.putIfAbsent(currentId, currentId);
                        }
                    }
                    case "transition" -> {
                        currentKind = "transition";
                        currentId = attr(r, "id", source);
                        transitionLabels.putIfAbsent(currentId, currentId);
                        invisible.putIfAbsent(currentId, false);
                    }
                    case "arc" -> {
                        currentKind = "arc";
                        currentArc = new String[] {attr(r, "source", source), attr(r, "target", source), "1"};
                        arcs.add(currentArc);
                    }
                    case "toolspecific" -> {
                        if ("transition".equals(parent) && INVISIBLE.equals(r.getAttributeValue(null, "activity"))) {
                            invisible.put(currentId, true);
                        }
                    }
                    default -> {
                    }
                }
            } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
                text.append(r.getText());
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                String local = path.pop();
                if (netDone) continue;
                String parent = path.peek();
                String grand = path.size() > 1 ? path.toArray(new String[0])[1] : null;
                if ("text".equals(local)) {
                    String t = text.toString().trim();
                    if ("name".equals(parent) && "place".equals(grand) && "place".equals(currentKind)) {
                        placeNames.put(currentId, t);
                    } else if ("name".equals(parent) && "transition".equals(grand)) {
                        transitionLabels.put(currentId, t);
                    } else if ("initialMarking".equals(parent)) {
                        initial.put(currentId, number(t, source, r));
                    } else if ("inscription".equals(parent) && currentArc != null) {
                        currentArc[2] = Integer.toString(number(t, source, r));
                    } else if ("place".equals(parent) && finalPlace != null) {
                        fin.merge(finalPlace, number(t, source, r), Integer::sum);
                    }
                } else if ("net".equals(local)) {
                    netDone = inNet;
                } else if ("place".equals(local) && "marking".equals(parent)) {
                    finalPlace = null;
                }
            }
        }
        if (!inNet) throw new MiningException(Location.of(source), "no <net> element found");
        PetriNet.Builder b = PetriNet.builder(netName);
        for (Map.Entry<String, String> e : placeNames.entrySet()) b.place(new PetriNet.Place(e.getKey(), e.getValue()));
        for (Map.Entry<String, String> e : transitionLabels.entrySet()) {
            b.transition(e.getKey(), invisible.get(e.getKey()) ? null : e.getValue());
        }
        for (String[] a : arcs) {
            if (!(placeNames.containsKey(a[0]) || transitionLabels.containsKey(a[0]))
                    || !(placeNames.containsKey(a[1]) || transitionLabels.containsKey(a[1]))) {
                throw new MiningException(Location.field(source, "arc " + a[0] + "->" + a[1]),
                        "arc refers to an undeclared node; expected place and transition ids");
            }
        }
        // an arc repeated verbatim (CONFINE writes some twice) is one arc, not a double weight
        Map<String, String[]> uniqueArcs = new LinkedHashMap<>();
        for (String[] a : arcs) uniqueArcs.putIfAbsent(a[0] + "\u0000" + a[1], a);
        for (String[] a : uniqueArcs.values()) b.arc(a[0], a[1], Integer.parseInt(a[2]));
        try {
            PetriNet net = b.build();
            return new AcceptingPetriNet(net, new Marking(initial), new Marking(fin));
        } catch (IllegalArgumentException e) {
            throw new MiningException(Location.of(source), "invalid net: " + e.getMessage(), e);
        }
    }

    private static String attr(XMLStreamReader r, String name, String source) {
        String v = r.getAttributeValue(null, name);
        if (v == null) {
            throw new MiningException(Location.at(source, r.getLocation().getLineNumber(), r.getLocation().getColumnNumber()),
                    "<" + r.getLocalName() + "> has no '" + name + "' attribute");
        }
        return v;
    }

    private static int number(String t, String source, XMLStreamReader r) {
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new MiningException(Location.at(source, r.getLocation().getLineNumber(), r.getLocation().getColumnNumber()),
                    "expected a non-negative integer, found '" + t + "'");
        }
    }
}
