package io.coalition.trust.ethereum;

import io.coalition.trust.TrustException;
import io.coalition.trust.notary.Notary;
import io.coalition.trust.notary.Receipt;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Notary} on an Ethereum chain: the {@code CoalitionNotary} contract ({@code src/main/solidity}) keeps,
 * per hash, the block time and number of its first notarization, and refuses a second one. Transactions are
 * signed locally (web3j {@link RawTransactionManager}, EIP-155 chain id) and sent over JSON-RPC.
 *
 * <p>{@link #connect} fails closed unless the address holds exactly the expected runtime code, so a receipt is
 * never read from a look-alike contract. A receipt is only returned after the transaction succeeded and the
 * contract's state says so. Finality is the chain's: on a public chain, wait for enough confirmations before
 * relying on a fresh receipt. Not safe for concurrent {@link #notarize} calls: each transaction takes the
 * account's next nonce from the node, so two at once could collide; use one instance per account and thread.
 */
public final class EthereumNotary implements Notary, AutoCloseable {
    private static final BigInteger DEPLOY_GAS = BigInteger.valueOf(1_000_000);
    private static final BigInteger NOTARIZE_GAS = BigInteger.valueOf(200_000);

    private final Web3j web3j;
    private final RawTransactionManager transactions;
    private final PollingTransactionReceiptProcessor receipts;
    private final String address;
    private final String name;

    private EthereumNotary(Web3j web3j, Credentials credentials, long chainId, String address) {
        this.web3j = web3j;
        this.receipts = new PollingTransactionReceiptProcessor(web3j, 200, 600);
        this.transactions = new RawTransactionManager(web3j, credentials, chainId, receipts);
        this.address = address;
        this.name = "ethereum:" + chainId + ":" + address;
    }

    /** Deploys {@code code} (the compiled {@code CoalitionNotary}) with {@code credentials} and connects to it. */
    public static EthereumNotary deploy(URI node, Credentials credentials, ContractCode code) {
        Web3j web3j = Web3j.build(new HttpService(node.toString()));
        try {
            long chainId = chainId(web3j, node);
            EthereumNotary deployer = new EthereumNotary(web3j, credentials, chainId, "(deploying)");
            TransactionReceipt receipt = deployer.send("", code.creationCode(), DEPLOY_GAS, true, "deploy " + code.contract());
            String address = receipt.getContractAddress();
            if (address == null) {
                throw new TrustException("Ethereum " + node + ": deploying " + code.contract() + " gave no contract address");
            }
            return checked(new EthereumNotary(web3j, credentials, chainId, address), node, code);
        } catch (RuntimeException e) {
            web3j.shutdown();
            throw e;
        }
    }

    /** Connects to the notary contract at {@code address}; fails unless it holds {@code code}'s runtime code. */
    public static EthereumNotary connect(URI node, Credentials credentials, String address, ContractCode code) {
        Web3j web3j = Web3j.build(new HttpService(node.toString()));
        try {
            return checked(new EthereumNotary(web3j, credentials, chainId(web3j, node), address), node, code);
        } catch (RuntimeException e) {
            web3j.shutdown();
            throw e;
        }
    }

    private static EthereumNotary checked(EthereumNotary notary, URI node, ContractCode code) {
        String deployed;
        try {
            deployed = notary.web3j.ethGetCode(notary.address, DefaultBlockParameterName.LATEST).send().getCode();
        } catch (IOException e) {
            throw new TrustException("Ethereum " + node + ": cannot read the code at " + notary.address + ": " + e.getMessage(), e);
        }
        String hex = deployed == null ? "" : deployed.startsWith("0x") ? deployed.substring(2) : deployed;
        if (hex.isEmpty()) {
            throw new TrustException("Ethereum " + node + ": no contract at " + notary.address);
        }
        if (!hex.equalsIgnoreCase(code.runtimeCode())) {
            throw new TrustException("Ethereum " + node + ": the contract at " + notary.address + " is not "
                    + code.contract() + " (its " + hex.length() / 2 + " bytes of code differ from the expected "
                    + code.runtimeCode().length() / 2 + ")");
        }
        return notary;
    }

    /** The contract's address ({@code 0x...}). */
    public String address() {
        return address;
    }

    @Override
    public Receipt notarize(byte[] hash) {
        Optional<Receipt> existing = lookup(hash);
        if (existing.isPresent()) return existing.get();
        String data = FunctionEncoder.encode(new Function("notarize", List.of(new Bytes32(hash)), List.of()));
        send(address, data, NOTARIZE_GAS, false, "notarize");
        return lookup(hash).orElseThrow(() -> new TrustException(name + ": the notarize transaction succeeded"
                + " but the contract has no entry for the hash"));
    }

    @Override
    public Optional<Receipt> lookup(byte[] hash) {
        Receipt.requireHash(hash);
        Function lookup = new Function("lookup", List.of(new Bytes32(hash)),
                List.of(new TypeReference<Uint64>() { }, new TypeReference<Uint64>() { },
                        new TypeReference<Address>() { }));
        String result;
        try {
            result = transactions.sendCall(address, FunctionEncoder.encode(lookup), DefaultBlockParameterName.LATEST);
        } catch (IOException | RuntimeException e) {
            throw new TrustException(name + ": lookup failed: " + e.getMessage(), e);
        }
        @SuppressWarnings("rawtypes")
        List<Type> values = FunctionReturnDecoder.decode(result, lookup.getOutputParameters());
        if (values.size() != 3) throw new TrustException(name + ": lookup answered " + result + ", expected 3 values");
        long time = ((BigInteger) values.get(0).getValue()).longValueExact();
        long block = ((BigInteger) values.get(1).getValue()).longValueExact();
        if (block == 0) return Optional.empty();
        return Optional.of(new Receipt(hash, name, block, Instant.ofEpochSecond(time)));
    }

    @Override
    public void close() {
        web3j.shutdown();
    }

    private TransactionReceipt send(String to, String data, BigInteger gas, boolean create, String what) {
        try {
            BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
            EthSendTransaction sent = transactions.sendTransaction(gasPrice, gas, to, data, BigInteger.ZERO, create);
            if (sent.hasError()) throw new TrustException(name + ": " + what + " refused: " + sent.getError().getMessage());
            TransactionReceipt receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
            if (!receipt.isStatusOK()) {
                throw new TrustException(name + ": " + what + " transaction " + receipt.getTransactionHash()
                        + " failed (status " + receipt.getStatus() + ")");
            }
            return receipt;
        } catch (IOException | TransactionException e) {
            throw new TrustException(name + ": " + what + " failed: " + e.getMessage(), e);
        }
    }

    private static long chainId(Web3j web3j, URI node) {
        try {
            return web3j.ethChainId().send().getChainId().longValueExact();
        } catch (IOException | RuntimeException e) {
            throw new TrustException("Ethereum " + node + ": cannot read the chain id: " + e.getMessage(), e);
        }
    }
}
