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

    /** What a publication produced and how: the sanitized sequences and the noise used for each release. */
    record Publication(List<ExecutionSequence> sequences, int sequencesUsed, int droppedByLimit, int truncated,
                       List<Release> releases) {
        public Publication {
            sequences = List.copyOf(sequences);
            releases = List.copyOf(releases);
        }
    }

    /** One noisy release: its purpose, the epsilon spent, the L1 sensitivity and the discrete Laplace scale. */
    record Release(String purpose, String epsilon, long sensitivity, String scale, long cells) {
    }
}
