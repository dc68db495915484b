package io.coalition.trust.ethereum;

import io.coalition.trust.RequiredBackend;
import io.coalition.trust.TrustException;
import io.coalition.trust.notary.Notary;
import io.coalition.trust.notary.NotaryContract;
import io.coalition.trust.notary.Receipt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.io.File;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The notary contract compiled with npm's solcjs and run on a real node (anvil in CI): {@code .ci/run} sets
 * COALITION_ETH_URL and COALITION_SOLCJS. Skipped locally without them, required in CI.
 */
class EthereumNotaryTest extends NotaryContract {
    /** Anvil's first development account: a publicly known test key, funded only on local dev chains. */
    private static final String DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final Path SOURCE = Path.of("src/main/solidity/CoalitionNotary.sol");

    private static URI node;
    private static Credentials credentials;
    private static ContractCode code;

    @TempDir
    Path dir;

    @BeforeAll
    static void compile() {
        String url = System.getenv("COALITION_ETH_URL");
        Path solcjs = solcjs();
        if (url == null || url.isBlank() || solcjs == null) return;
        node = URI.create(url);
        credentials = Credentials.create(System.getenv().getOrDefault("COALITION_ETH_KEY", DEV_KEY));
        code = ContractCode.compile(solcjs, SOURCE, "CoalitionNotary");
    }

    /** Per test, so that each one is reported as skipped, with the reason. */
    @BeforeEach
    void requireNode() {
        RequiredBackend.require(System.getenv("COALITION_ETH_URL") != null,
                "COALITION_ETH_URL is not set (.ci/run starts anvil and sets it)");
        RequiredBackend.require(solcjs() != null, "solcjs not found (set COALITION_SOLCJS or put npm's solc on PATH)");
    }

    @Override
    protected Notary create() {
        return track(EthereumNotary.deploy(node, credentials, code));
    }

    @Override
    protected Notary reopen(Notary notary) {
        return track(EthereumNotary.connect(node, credentials, ((EthereumNotary) notary).address(), code));
    }

    @Override
    protected Instant notBefore() {
        // block times are whole seconds, and a local chain's clock is this machine's
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
    }

    @Test
    void receiptNamesTheChainAndContract() throws Exception {
        EthereumNotary notary = (EthereumNotary) create();
        Receipt receipt = notary.notarize(sha256("named"));
        assertThat(receipt.notary()).matches("ethereum:\\d+:" + notary.address());
        assertThat(receipt.position()).isPositive();
    }

    @Test
    void aContractWithOtherCodeIsRefused() {
        EthereumNotary real = (EthereumNotary) create();
        char[] hex = code.runtimeCode().toCharArray();
        hex[hex.length - 1] = hex[hex.length - 1] == '0' ? '1' : '0';
        ContractCode other = new ContractCode("CoalitionNotary", code.creationCode(), new String(hex));
        assertThatThrownBy(() -> EthereumNotary.connect(node, credentials, real.address(), other))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("Ethereum " + node + ": the contract at " + real.address() + " is not CoalitionNotary (its "
                        + hex.length / 2 + " bytes of code differ from the expected " + hex.length / 2 + ")");
    }

    @Test
    void anAccountWithoutCodeIsRefused() {
        String account = "0x" + "00".repeat(19) + "42";
        assertThatThrownBy(() -> EthereumNotary.connect(node, credentials, account, code))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("Ethereum " + node + ": no contract at " + account);
    }

    @Test
    void anUnfundedAccountCannotNotarize() throws Exception {
        EthereumNotary real = (EthereumNotary) create();
        Credentials broke = Credentials.create(BigInteger.valueOf(0xC0A11710L).toString(16));
        try (EthereumNotary notary = EthereumNotary.connect(node, broke, real.address(), code)) {
            assertThatThrownBy(() -> notary.notarize(sha256("unfunded")))
                    .isExactlyInstanceOf(TrustException.class)
                    .hasMessageStartingWith("ethereum:")
                    .hasMessageContaining(": notarize refused: ");
            assertThat(real.lookup(sha256("unfunded"))).isEmpty();
        }
    }

    @Test
    void aSourceThatDoesNotCompileIsReportedWithSolcsMessage() throws Exception {
        Path broken = dir.resolve("Broken.sol");
        Files.writeString(broken, "pragma solidity ^0.8.20; contract Broken { function f( }");
        assertThatThrownBy(() -> ContractCode.compile(solcjs(), broken, "Broken"))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessageStartingWith("solc cannot compile " + broken + ":")
                .hasMessageContaining("ParserError");
    }

    private static Path solcjs() {
        String env = System.getenv("COALITION_SOLCJS");
        if (env != null && !env.isBlank()) return Path.of(env);
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, "solcjs");
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
