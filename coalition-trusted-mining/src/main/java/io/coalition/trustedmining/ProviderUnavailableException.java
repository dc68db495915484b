package io.coalition.trustedmining;

/**
 * A provider cannot be reached (connection refused, timeout, restart in progress). Transient: the miner retries
 * with backoff; a provider that stays unavailable makes the result explicitly partial. Never thrown for a failed
 * security check, which aborts the run instead.
 */
public class ProviderUnavailableException extends TrustedMiningException {
    private final transient java.time.Duration retryAfter;

    public ProviderUnavailableException(String message) {
        super(message);
        this.retryAfter = null;
    }

    /** @param retryAfter how long the provider asked to wait (HTTP 429/503 Retry-After), or null */
    public ProviderUnavailableException(String message, java.time.Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** The wait the provider asked for, if it named one: the miner waits at least that long before retrying. */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = cause instanceof ProviderUnavailableException p ? p.retryAfter : null;
    }
}
