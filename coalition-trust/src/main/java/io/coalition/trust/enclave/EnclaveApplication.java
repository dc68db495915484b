package io.coalition.trust.enclave;

/**
 * The application component an {@link Enclave} runs (a Trusted Miner, a CCU): started once the enclave has its
 * keys and measurement, stopped when the enclave closes.
 */
public interface EnclaveApplication {
    /** Starts the component; a failure aborts the launch. */
    void start(Enclave enclave) throws Exception;

    /** Stops the component; called once by {@link Enclave#close()}. */
    default void stop() throws Exception {
    }
}
