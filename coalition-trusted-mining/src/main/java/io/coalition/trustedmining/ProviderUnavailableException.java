package io.coalition.trustedmining;

/**
 * A provider cannot be reached (connection refused, timeout, restart in progress). Transient: the miner retries
 * with backoff; a provider that stays unavailable makes the result explicitly partial. Never thrown for a failed
 * security check, which aborts the run instead.
 */
public class ProviderUnavailableException extends TrustedMiningException {
    public ProviderUnavailableException(String message) {
        super(message);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
