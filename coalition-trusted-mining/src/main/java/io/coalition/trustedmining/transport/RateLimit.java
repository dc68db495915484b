package io.coalition.trustedmining.transport;

import io.coalition.trustedmining.TrustedMiningException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's request rate limit per authenticated participant: a token bucket of {@code burst} requests refilled
 * at {@code permits} per {@code period} ({@code coalition provider serve --rate-limit 50/s}). A request beyond it
 * is answered 429 with a Retry-After header; the miner backs off and retries as on 503.
 */
public record RateLimit(int permits, Duration period, int burst) {
    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})/(s|min|h)(?:,burst=(\\d{1,9}))?");

    public RateLimit {
        if (permits < 1) throw new TrustedMiningException("rate limit: " + permits + " permits, expected at least 1");
        if (period.isNegative() || period.isZero()) throw new TrustedMiningException("rate limit: period " + period + ", expected a positive duration");
        if (burst < 1) throw new TrustedMiningException("rate limit: burst " + burst + ", expected at least 1");
    }

    /**
     * Parses {@code N/s}, {@code N/min} or {@code N/h}, optionally {@code ,burst=B} (default burst: N, one period's
     * worth), e.g. {@code 50/s} or {@code 600/min,burst=20}.
     */
    public static RateLimit parse(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw new TrustedMiningException("rate limit '" + text + "': expected N/s, N/min or N/h, optionally ,burst=B (e.g. 50/s)");
        }
        int permits = Integer.parseInt(m.group(1));
        Duration period = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "min" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        return new RateLimit(permits, period, m.group(3) == null ? permits : Integer.parseInt(m.group(3)));
    }

    /** Nanoseconds for one token to refill. */
    long nanosPerPermit() {
        return Math.max(1, period.toNanos() / permits);
    }

    @Override
    public String toString() {
        String unit = period.equals(Duration.ofSeconds(1)) ? "s" : period.equals(Duration.ofMinutes(1)) ? "min"
                : period.equals(Duration.ofHours(1)) ? "h" : period.toString();
        return permits + "/" + unit + (burst == permits ? "" : ",burst=" + burst);
    }
}
