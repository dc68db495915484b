package io.coalition.privacy.evaluation;

import io.coalition.privacy.SequencePublisher;

import java.math.BigDecimal;

/** The mechanism under evaluation: a publisher for a budget and a per-organization limit m. */
@FunctionalInterface
public interface PublisherFactory {
    SequencePublisher publisher(BigDecimal epsilon, int perOrgLimit);
}
