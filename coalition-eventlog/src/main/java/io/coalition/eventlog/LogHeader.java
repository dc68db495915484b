package io.coalition.eventlog;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an XES log declares before its first trace: version, features, extensions, global attributes,
 * classifiers and the log's own attributes. A streaming reader hands it over before the first case.
 *
 * @param xesVersion   the declared {@code xes.version}; {@link #CURRENT_VERSION} when a file declares none
 * @param features     declared {@code xes.features}, e.g. {@code nested-attributes}
 * @param extensions   declared extensions, in order
 * @param traceGlobals attributes every trace is declared to have (with default values)
 * @param eventGlobals attributes every event is declared to have (with default values)
 * @param classifiers  declared classifiers, in order
 * @param attributes   the log's attributes
 */
public record LogHeader(String xesVersion, Set<String> features, List<Extension> extensions,
                        Attributes traceGlobals, Attributes eventGlobals, List<Classifier> classifiers,
                        Attributes attributes) {

    /** The XES version written by Coalition and assumed for files that declare none. */
    public static final String CURRENT_VERSION = "1849-2016";

    /** A header with nothing declared. */
    public static final LogHeader EMPTY = new LogHeader(CURRENT_VERSION, Set.of(), List.of(),
            Attributes.EMPTY, Attributes.EMPTY, List.of(), Attributes.EMPTY);

    public LogHeader {
        Objects.requireNonNull(xesVersion, "xesVersion");
        features = Set.copyOf(features);
        extensions = List.copyOf(extensions);
        Objects.requireNonNull(traceGlobals, "traceGlobals");
        Objects.requireNonNull(eventGlobals, "eventGlobals");
        classifiers = List.copyOf(classifiers);
        Objects.requireNonNull(attributes, "attributes");
    }

    /** A header that declares the given standard extensions and log attributes. */
    public static LogHeader of(List<Extension> extensions, Attributes attributes) {
        return new LogHeader(CURRENT_VERSION, Set.of(), extensions, Attributes.EMPTY, Attributes.EMPTY,
                List.of(), attributes);
    }

    public LogHeader withAttributes(Attributes newAttributes) {
        return new LogHeader(xesVersion, features, extensions, traceGlobals, eventGlobals, classifiers, newAttributes);
    }

    public LogHeader withClassifiers(List<Classifier> newClassifiers) {
        return new LogHeader(xesVersion, features, extensions, traceGlobals, eventGlobals, newClassifiers, attributes);
    }

    /** The log's name ({@code concept:name}), or {@code null}. */
    public String name() {
        return attributes.getText(XesKeys.CONCEPT_NAME);
    }

    /**
     * Equality of content: {@code xesVersion} and {@code features} describe the serialization, not the
     * log, so two headers that differ only there are equal (a log read, written and read again is equal).
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof LogHeader)) return false;
        LogHeader h = (LogHeader) o;
        return extensions.equals(h.extensions) && traceGlobals.equals(h.traceGlobals)
                && eventGlobals.equals(h.eventGlobals) && classifiers.equals(h.classifiers)
                && attributes.equals(h.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(extensions, traceGlobals, eventGlobals, classifiers, attributes);
    }
}
