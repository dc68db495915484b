package io.coalition.trustedmining;

/** The provider has no such session (it restarted, or the session was never opened): the miner attests again. */
public class UnknownSessionException extends TrustedMiningException {
    public UnknownSessionException(String message) {
        super(message);
    }
}
