package io.coalition.privacy.sequence;

import java.util.List;
import java.util.Objects;

/**
 * A BP execution sequence (seed 002, Definition 1): invocations in invocation-time order, with the organization
 * that contributed it. The organization is what the per-organization contribution bound m counts; published
 * (sanitized) sequences carry {@link #PUBLISHED} since they cannot be linked to a contributor.
 */
public record ExecutionSequence(String organization, List<Invocation> invocations) {
    /** The organization of regenerated, differentially private sequences. */
    public static final String PUBLISHED = "dp";

    public ExecutionSequence {
        Objects.requireNonNull(organization, "organization");
        invocations = List.copyOf(invocations);
    }

    /** A sequence of parameterless invocations, for tests and activity logs. */
    public static ExecutionSequence of(String organization, String... services) {
        return new ExecutionSequence(organization, java.util.Arrays.stream(services).map(Invocation::of).toList());
    }

    public int length() {
        return invocations.size();
    }

    /** The service ids in order. */
    public List<String> services() {
        return invocations.stream().map(Invocation::service).toList();
    }
}
