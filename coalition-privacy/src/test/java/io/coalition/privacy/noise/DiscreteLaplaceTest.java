package io.coalition.privacy.noise;

import io.coalition.privacy.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DiscreteLaplaceTest {

    @Test
    void scaleIsSensitivityOverEpsilon_exactly() {
        assertThat(DiscreteLaplace.forSensitivity(3, new BigDecimal("0.25"))).isEqualTo(new DiscreteLaplace(12, 1));
        assertThat(DiscreteLaplace.forSensitivity(16, new BigDecimal("0.3"))).isEqualTo(new DiscreteLaplace(160, 3));
        assertThat(DiscreteLaplace.forSensitivity(2, new BigDecimal("4"))).isEqualTo(new DiscreteLaplace(1, 2));
        assertThat(DiscreteLaplace.forSensitivity(1, new BigDecimal("1E+1"))).isEqualTo(new DiscreteLaplace(1, 10));
    }

    @Test
    void nonPositiveEpsilonOrSensitivity_isRefused() {
        assertThatThrownBy(() -> DiscreteLaplace.forSensitivity(1, BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("epsilon must be positive, got 0");
        assertThatThrownBy(() -> DiscreteLaplace.forSensitivity(0, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sensitivity must be positive, got 0");
        assertThatThrownBy(() -> new DiscreteLaplace(-1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("discrete Laplace scale must be positive, got -1/2");
    }

    @ParameterizedTest(name = "exp(-{0}/{1}), seed 7")
    @CsvSource({"0,1", "1,3", "1,1", "5,2", "7,3"})
    void bernoulliExp_hasProbabilityExpMinusGamma(long n, long d) {
        SecureRandom r = Seeded.random(7);
        int trials = 200_000;
        int hits = 0;
        for (int i = 0; i < trials; i++) if (DiscreteLaplace.bernoulliExp(r, n, d)) hits++;
        double p = Math.exp(-(double) n / d);
        double sd = Math.sqrt(p * (1 - p) / trials);
        assertThat((double) hits / trials).isCloseTo(p, within(5 * sd + 1e-9));
    }

    /** Chi-square goodness of fit of 200,000 samples against the exact pmf (1-p)/(1+p) p^|x|. */
    @ParameterizedTest(name = "scale {0}/{1}, seed 11")
    @CsvSource({"1,1", "2,1", "160,3", "5,7"})
    void samplesFollowTheDiscreteLaplacePmf(long num, long den) {
        DiscreteLaplace dl = new DiscreteLaplace(num, den);
        SecureRandom r = Seeded.random(11);
        int trials = 200_000;
        double p = Math.exp(-1.0 / dl.scale());
        // Bins: -B..B and the two tails, with B so that each tail keeps >= ~1% of the mass.
        int b = (int) Math.max(1, Math.floor(Math.log(0.02 * (1 + p)) / Math.log(p)));
        b = Math.min(b, 200);
        long[] observed = new long[2 * b + 3];
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < trials; i++) {
            long x = dl.sample(r);
            sum += x;
            sumSq += (double) x * x;
            int bin = x < -b ? 0 : x > b ? observed.length - 1 : (int) (x + b + 1);
            observed[bin]++;
        }
        double norm = (1 - p) / (1 + p);
        double tail = norm * Math.pow(p, b + 1) / (1 - p);
        double chi2 = 0;
        for (int bin = 0; bin < observed.length; bin++) {
            double prob = bin == 0 || bin == observed.length - 1 ? tail : norm * Math.pow(p, Math.abs(bin - b - 1));
            double expected = prob * trials;
            chi2 += (observed[bin] - expected) * (observed[bin] - expected) / expected;
        }
        int df = observed.length - 1;
        // Wilson-Hilferty: the 0.999 quantile of chi-square(df).
        double z = 3.09;
        double crit = df * Math.pow(1 - 2.0 / (9 * df) + z * Math.sqrt(2.0 / (9 * df)), 3);
        assertThat(chi2).as("chi-square with %d degrees of freedom", df).isLessThan(crit);
        double mean = sum / trials;
        double var = sumSq / trials - mean * mean;
        assertThat(mean).isCloseTo(0, within(5 * Math.sqrt(dl.variance() / trials)));
        assertThat(var / dl.variance()).isCloseTo(1, within(0.03));
    }

    /**
     * Neighbouring counts 5 and 6 under sensitivity 1, epsilon 0.5: for every output seen often enough, the ratio
     * of the empirical frequencies stays within e^eps (up to sampling error).
     */
    @Test
    void neighbouringCounts_stayWithinTheEpsilonBound() {
        BigDecimal eps = new BigDecimal("0.5");
        DiscreteLaplace dl = DiscreteLaplace.forSensitivity(1, eps);
        SecureRandom r = Seeded.random(13);
        int trials = 400_000;
        int range = 40;
        long[] h5 = new long[2 * range + 1];
        long[] h6 = new long[2 * range + 1];
        for (int i = 0; i < trials; i++) {
            long a = dl.addTo(5, r);
            long c = dl.addTo(6, r);
            if (Math.abs(a) <= range) h5[(int) a + range]++;
            if (Math.abs(c) <= range) h6[(int) c + range]++;
        }
        double bound = Math.exp(eps.doubleValue());
        int checked = 0;
        double maxRatio = 0;
        for (int i = 0; i < h5.length; i++) {
            if (h5[i] < 2000 || h6[i] < 2000) continue;
            double ratio = Math.max((double) h5[i] / h6[i], (double) h6[i] / h5[i]);
            maxRatio = Math.max(maxRatio, ratio);
            // 5 sigma of the log-ratio of two counts >= 2000 is about 0.16.
            assertThat(Math.log(ratio)).as("output %d", i - range).isLessThan(Math.log(bound) + 5 * Math.sqrt(2.0 / 2000));
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
        // The bound is tight: away from the two inputs the ratio is exactly e^eps.
        assertThat(maxRatio).isCloseTo(bound, within(0.1));
    }
}
