package io.coalition.trust;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests of real external parts (a CLI tool, an Ethereum node) skip with a visible reason where the part is
 * missing, except in CI: {@code .ci/run} sets {@code COALITION_REQUIRE_BACKENDS=1}, and a missing part then fails.
 */
public final class RequiredBackend {
    private RequiredBackend() {
    }

    /** Skips (or, when backends are required, fails) unless {@code available}. */
    public static void require(boolean available, String reason) {
        if (available) return;
        if ("1".equals(System.getenv("COALITION_REQUIRE_BACKENDS"))) {
            Assertions.fail("COALITION_REQUIRE_BACKENDS=1 but " + reason);
        }
        Assumptions.abort(reason);
    }
}
