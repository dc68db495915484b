package io.coalition.trust.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.trust.TrustException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A compiled contract: the creation code sent to deploy it and the runtime code the chain then holds (hex,
 * without {@code 0x}). {@link #compile} runs the solc compiler of npm ({@code solcjs}, standard JSON mode, optimizer
 * on with 200 runs), so the same source and compiler version always give the same code.
 */
public record ContractCode(String contract, String creationCode, String runtimeCode) {

    public ContractCode {
        creationCode = strip(creationCode);
        runtimeCode = strip(runtimeCode);
        if (creationCode.isEmpty() || runtimeCode.isEmpty()) {
            throw new TrustException("contract " + contract + ": no bytecode (is it abstract or an interface?)");
        }
    }

    /** Compiles {@code contract} of the Solidity file {@code source} with {@code solcjs}. */
    public static ContractCode compile(Path solcjs, Path source, String contract) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode input = json.createObjectNode();
        input.put("language", "Solidity");
        String file = source.getFileName().toString();
        try {
            input.putObject("sources").putObject(file).put("content", Files.readString(source));
        } catch (IOException e) {
            throw new TrustException("contract source " + source + ": cannot read: " + e.getMessage(), e);
        }
        ObjectNode settings = input.putObject("settings");
        settings.putObject("optimizer").put("enabled", true).put("runs", 200);
        settings.putObject("outputSelection").putObject("*").putArray("*")
                .add("evm.bytecode.object").add("evm.deployedBytecode.object");
        String output;
        try {
            Process p = new ProcessBuilder(solcjs.toString(), "--standard-json")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(input.toString().getBytes(StandardCharsets.UTF_8));
            }
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new TrustException("solcjs " + solcjs + " did not finish compiling " + source);
            }
        } catch (IOException e) {
            throw new TrustException("cannot run solcjs " + solcjs + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrustException("compiling " + source + " was interrupted", e);
        }
        return fromStandardJson(output, source.toString(), file, contract);
    }

    /** Reads a contract from solc's standard JSON output; compiler errors are reported with their messages. */
    static ContractCode fromStandardJson(String output, String where, String file, String contract) {
        // solcjs may print notices before the JSON document
        int start = output.indexOf('{');
        JsonNode root;
        try {
            root = start < 0 ? null : new ObjectMapper().readTree(output.substring(start));
        } catch (IOException e) {
            root = null;
        }
        if (root == null) throw new TrustException("solc output for " + where + " is not JSON: " + output.strip());
        StringBuilder errors = new StringBuilder();
        for (JsonNode error : root.path("errors")) {
            if ("error".equals(error.path("severity").asText())) {
                errors.append(System.lineSeparator()).append(error.path("formattedMessage").asText(error.path("message").asText()).strip());
            }
        }
        if (errors.length() > 0) throw new TrustException("solc cannot compile " + where + ":" + errors);
        JsonNode evm = root.path("contracts").path(file).path(contract).path("evm");
        if (evm.isMissingNode()) throw new TrustException("solc output for " + where + " has no contract " + contract);
        return new ContractCode(contract, evm.path("bytecode").path("object").asText(),
                evm.path("deployedBytecode").path("object").asText());
    }

    private static String strip(String hex) {
        return hex.startsWith("0x") ? hex.substring(2) : hex;
    }
}
