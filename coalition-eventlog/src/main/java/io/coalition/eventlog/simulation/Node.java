package io.coalition.eventlog.simulation;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A process tree node of a {@link Scenario}. Package-private: scenarios are authored as JSON, so the tree is
 * an implementation detail of parsing and simulation, free to change.
 */
sealed interface Node {

    /** One activity of organization {@code org} (index into the scenario's list); {@code delay} is the JSON "wait". */
    record Activity(String name, int org, Delay delay, Delay duration, List<NamedGenerator> attributes) implements Node {
    }

    /** Children one after another. An empty sequence is a silent step (useful as an xor "skip" branch). */
    record Seq(List<Node> children) implements Node {
    }

    /** Exactly one child, chosen with probability {@code p[i]} (cumulative in {@code cumulative}). */
    record Xor(List<Node> children, double[] cumulative) implements Node {
        int choose(SplittableRandom rng) {
            double u = rng.nextDouble();
            for (int i = 0; i < cumulative.length - 1; i++) {
                if (u < cumulative[i]) return i;
            }
            return cumulative.length - 1;
        }
    }

    /** All children, each starting when the block starts; the block ends when the last child ends. */
    record And(List<Node> children) implements Node {
    }

    /**
     * {@code body}, then with probability {@code p} {@code redo} and {@code body} again; {@code body} runs at
     * most {@code max} times in all.
     */
    record Loop(Node body, Node redo, double p, int max) implements Node {
    }

    /** An attribute key with the generator of its values. */
    record NamedGenerator(String key, Generator generator) {
    }

    /**
     * A random delay in milliseconds, rounded to whole seconds: log-normal with the given mean and standard deviation, exponential
     * when no deviation is given (sd &lt; 0), constant when the deviation is zero.
     */
    record Delay(double mean, double sd) {
        static final Delay ZERO = new Delay(0, 0);

        long sample(SplittableRandom rng) {
            if (mean <= 0) return 0;
            double v;
            if (sd < 0) {
                v = -mean * Math.log(1.0 - rng.nextDouble());
            } else if (sd == 0) {
                v = mean;
            } else {
                // Log-normal matched to mean and sd: positive and right-skewed, like real service times.
                double sigma2 = Math.log(1.0 + (sd * sd) / (mean * mean));
                double mu = Math.log(mean) - sigma2 / 2;
                v = Math.exp(mu + Math.sqrt(sigma2) * gaussian(rng));
            }
            // Whole seconds: timestamps then look like those of real information systems.
            return Math.max(0L, Math.round(v / 1000.0) * 1000L);
        }

        /** Box-Muller, written out so that results do not depend on the JDK's own Gaussian algorithm. */
        private static double gaussian(SplittableRandom rng) {
            double u1 = 1.0 - rng.nextDouble(); // in (0, 1]
            double u2 = rng.nextDouble();
            return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
        }
    }

    /** Generates attribute values: Double, Boolean, String or Long, or a constant. */
    sealed interface Generator {
        Object next(SplittableRandom rng);

        record Uniform(double low, double high) implements Generator {
            public Object next(SplittableRandom rng) {
                return low == high ? low : low + (high - low) * rng.nextDouble();
            }
        }

        record Bernoulli(double p) implements Generator {
            public Object next(SplittableRandom rng) {
                return rng.nextDouble() < p;
            }
        }

        record Choice(List<String> values, double[] cumulative) implements Generator {
            public Object next(SplittableRandom rng) {
                double u = rng.nextDouble();
                for (int i = 0; i < cumulative.length - 1; i++) {
                    if (u < cumulative[i]) return values.get(i);
                }
                return values.get(values.size() - 1);
            }
        }

        record IntRange(long low, long high) implements Generator {
            public Object next(SplittableRandom rng) {
                return high == Long.MAX_VALUE ? rng.nextLong(low, high) : rng.nextLong(low, high + 1);
            }
        }

        record Constant(Object value) implements Generator {
            public Object next(SplittableRandom rng) {
                return value;
            }
        }
    }
}
