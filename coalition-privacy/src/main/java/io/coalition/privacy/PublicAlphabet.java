package io.coalition.privacy;

import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The public activity (service) domain of a release, supplied by the caller and independent of the data.
 *
 * <p>Why: the publishers add noise to every cell over the activity domain, and their guarantee assumes that domain is
 * public. Taken from the data instead, the domain itself leaks: a service only one organization used appears in the
 * release's domain exactly when that organization contributed. With a public alphabet every entry, present in the
 * data or not, gets noise like any other cell, so a neighbouring dataset changes only noisy counts.
 *
 * <p>Activities outside the alphabet are refused ({@link PrivacyException} naming the activity and the sequence), or,
 * with {@link #withDropUnknown(boolean) dropUnknown}, removed from their sequence before the contribution bound and
 * the length bound apply (a projection of each sequence onto the alphabet; it depends only on that sequence and the
 * public alphabet, so the per-organization sensitivity is unchanged). A sequence left empty contributes nothing.
 *
 * @param activities  the alphabet, in canonical (sorted) order, without duplicates or blank names
 * @param dropUnknown drop activities outside the alphabet instead of refusing the input
 */
public record PublicAlphabet(List<String> activities, boolean dropUnknown) {
    public PublicAlphabet {
        Objects.requireNonNull(activities, "activities");
        if (activities.isEmpty()) throw new PrivacyException("public alphabet is empty");
        TreeSet<String> sorted = new TreeSet<>();
        for (String a : activities) {
            Objects.requireNonNull(a, "activity");
            if (a.isBlank()) throw new PrivacyException("public alphabet has a blank activity name");
            if (!sorted.add(a)) throw new PrivacyException("public alphabet lists '" + a + "' twice");
        }
        activities = List.copyOf(sorted);
    }

    /** An alphabet that refuses activities outside it. */
    public static PublicAlphabet of(Collection<String> activities) {
        return new PublicAlphabet(List.copyOf(activities), false);
    }

    /** A comma-separated list ({@code "a,b,c"}); surrounding whitespace of each name is removed. */
    public static PublicAlphabet parse(String commaList) {
        List<String> names = new ArrayList<>();
        for (String s : commaList.split(",")) {
            if (!s.isBlank()) names.add(s.strip());
        }
        return of(names);
    }

    /**
     * One activity per line (UTF-8); surrounding whitespace is removed and blank lines are ignored. Errors name the
     * file and line.
     */
    public static PublicAlphabet read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PrivacyException("cannot read alphabet file " + file + ": " + e.getMessage(), e);
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).strip();
            if (name.isEmpty()) continue;
            Integer first = seen.putIfAbsent(name, i + 1);
            if (first != null) {
                throw new PrivacyException("alphabet file " + file + " line " + (i + 1) + ": '" + name
                        + "' is already listed on line " + first);
            }
            names.add(name);
        }
        if (names.isEmpty()) throw new PrivacyException("alphabet file " + file + " lists no activity");
        return of(names);
    }

    public PublicAlphabet withDropUnknown(boolean drop) {
        return new PublicAlphabet(activities, drop);
    }

    /**
     * The invocations of {@code sequence} (the {@code index}-th of the input, from 0) restricted to the alphabet: all
     * of them, or with {@link #dropUnknown} those whose service is in the alphabet.
     *
     * @throws PrivacyException when an activity is outside the alphabet and {@link #dropUnknown} is off
     */
    public List<Invocation> admit(ExecutionSequence sequence, int index) {
        List<Invocation> inv = sequence.invocations();
        List<Invocation> kept = null;
        for (int i = 0; i < inv.size(); i++) {
            String service = inv.get(i).service();
            if (contains(service)) {
                if (kept != null) kept.add(inv.get(i));
                continue;
            }
            if (!dropUnknown) {
                throw new PrivacyException("activity '" + service + "' at position " + (i + 1) + " of sequence "
                        + index + " (organization " + sequence.organization() + ") is not in the public alphabet of "
                        + activities.size() + " activities; add it to the alphabet or drop unknown activities");
            }
            if (kept == null) kept = new ArrayList<>(inv.subList(0, i));
        }
        return kept == null ? inv : List.copyOf(kept);
    }

    /** Whether {@code activity} is in the alphabet (binary search over the canonical order). */
    public boolean contains(String activity) {
        return Collections.binarySearch(activities, activity) >= 0;
    }

    /**
     * The domain a publisher releases over: the alphabet when one is given, otherwise (data-derived, not covered by
     * the guarantee) the sorted services of the sequences used.
     */
    public static List<String> domain(PublicAlphabet alphabet, Collection<List<Invocation>> used) {
        if (alphabet != null) return alphabet.activities();
        TreeSet<String> names = new TreeSet<>();
        for (List<Invocation> s : used) for (Invocation i : s) names.add(i.service());
        return List.copyOf(names);
    }
}
