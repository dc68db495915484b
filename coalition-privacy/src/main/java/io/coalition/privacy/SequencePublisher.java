package io.coalition.privacy;

import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A differentially private release of execution sequences. Implementations spend their epsilon from the given
 * accountant before drawing any noise (so an exhausted budget fails closed) and draw all noise from {@code noise},
 * which must be a {@link java.security.SecureRandom} outside tests.
 */
public interface SequencePublisher {
    Publication publish(List<ExecutionSequence> sequences, PrivacyAccountant budget, RandomGenerator noise);

    /**
     * What a publication produced and how: the sanitized sequences, the noise used for each release, and the activity
     * domain the noise covered.
     *
     * @param domain         the activities every noisy cell ranges over
     * @param publicDomain   true when {@code domain} is the caller's {@link PublicAlphabet}; false when it was taken
     *                       from the data, which the guarantee does not cover (the domain itself can reveal a service
     *                       only one organization uses)
     * @param unknownDropped invocations removed because their activity is outside the public alphabet
     */
    record Publication(List<ExecutionSequence> sequences, int sequencesUsed, int droppedByLimit, int truncated,
                       List<Release> releases, List<String> domain, boolean publicDomain, long unknownDropped) {
        public Publication {
            sequences = List.copyOf(sequences);
            releases = List.copyOf(releases);
            domain = List.copyOf(domain);
        }
    }

    /** One noisy release: its purpose, the epsilon spent, the L1 sensitivity and the discrete Laplace scale. */
    record Release(String purpose, String epsilon, long sensitivity, String scale, long cells) {
    }
}
