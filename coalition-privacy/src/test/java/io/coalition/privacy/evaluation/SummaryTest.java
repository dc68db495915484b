package io.coalition.privacy.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SummaryTest {
    @Test
    void meanAndSampleStandardDeviation() {
        Summary s = Summary.of(List.of(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0));
        assertThat(s.mean()).isEqualTo(5.0);
        assertThat(s.std()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(s.n()).isEqualTo(8);
    }

    @Test
    void runsWithoutOutput_areMissing_notZero() {
        Summary s = Summary.of(List.of(1.0, Double.NaN, 3.0));
        assertThat(s.mean()).isEqualTo(2.0);
        assertThat(s.missing()).isEqualTo(1);
        assertThat(Summary.of(List.of(Double.NaN)).mean()).isNaN();
        assertThat(Summary.of(List.of(0.5)).std()).isZero();
    }
}
