package io.coalition.app;

import io.coalition.mining.declare.Declare;
import io.coalition.mining.declare.DeclareModel;
import io.coalition.trust.TrustException;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.Pem;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.MiningResult;
import io.coalition.trustedmining.RetryPolicy;
import io.coalition.trustedmining.TrustedMiner;
import io.coalition.trustedmining.ResultFiles;
import io.coalition.trustedmining.report.MiningReport;
import io.coalition.trustedmining.transport.NetworkMiner;
import io.coalition.trustedmining.transport.ProvidersFile;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code coalition miner run}: a Trusted Miner (simulated enclave) mining network Log Providers. */
@Command(name = "miner", mixinStandardHelpOptions = true,
        description = "A Trusted Miner: attests to Log Providers over HTTPS, merges their cases and mines them.",
        subcommands = {MinerCommand.Run.class, MinerCommand.InitSim.class})
final class MinerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run the protocol with the providers of --providers (in tie-break order) from a simulated "
                    + "enclave (sim backend, not hardware), as the organization of --cert, and write the models, "
                    + "SVG (when Graphviz's dot is installed), statistics.json and report.html into -o."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--providers", required = true, paramLabel = "FILE", description = "providers.json (organization, url, certificate)")
        Path providers;

        @Option(names = {"-a", "--algorithm"}, paramLabel = "NAME", split = ",", defaultValue = "heuristics,dfg",
                description = "heuristics, dfg, inductive, inductive-dfg, declare, declare-conformance (needs --declare-model) (default: ${DEFAULT-VALUE})")
        List<String> algorithms;

        @Option(names = "--declare-model", paramLabel = "FILE", description = "Declare model (CONFINE JSON) for declare-conformance")
        Path declareModel;

        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "the requester's participant certificate (PEM), the TLS client certificate")
        Path cert;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "its private key (PEM)")
        Path key;

        @Option(names = "--sim-platform", required = true, paramLabel = "PREFIX",
                description = "the simulated TEE platform key pair PREFIX.key and PREFIX.pub (from 'coalition miner init-sim')")
        String simPlatform;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "per request; a provider slower than that is retried, then left out (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "output folder")
        Path out;

        @Override
        public Integer call() {
            if (timeoutSeconds < 1) throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
            Set<Analysis> analyses = EnumSet.noneOf(Analysis.class);
            for (String a : algorithms) analyses.add(ProviderCommand.parseAnalysis("--algorithm", a));
            if (analyses.contains(Analysis.DECLARE_CONFORMANCE) && declareModel == null) {
                throw new IllegalArgumentException("--algorithm declare-conformance needs --declare-model FILE (a Declare "
                        + "model in CONFINE's JSON)");
            }
            List<ProvidersFile.Entry> entries = ProvidersFile.read(providers);
            ProviderCommand.requireFile("--cert", cert);
            ProviderCommand.requireFile("--key", key);
            for (String suffix : List.of(".pub", ".key")) {
                if (!Files.isRegularFile(Path.of(simPlatform + suffix))) {
                    throw new IllegalArgumentException("--sim-platform " + simPlatform + ": no such file " + simPlatform + suffix
                            + " (give the PREFIX of 'coalition miner init-sim --out DIR', i.e. DIR/sim-platform)");
                }
            }
            KeyPair platform = new KeyPair(readPublicKey(Path.of(simPlatform + ".pub")), Pem.readPrivateKey(Path.of(simPlatform + ".key")));
            Optional<DeclareModel> model = declareModel == null ? Optional.empty() : Optional.of(Declare.read(declareModel));
            MiningResult r = NetworkMiner.run(entries, Pem.readCertificate(cert), Pem.readPrivateKey(key), platform, analyses, model,
                    Duration.ofSeconds(timeoutSeconds), RetryPolicy.DEFAULT);
            createOutput(out);
            List<MiningReport.Endpoint> endpoints = entries.stream()
                    .map(e -> new MiningReport.Endpoint(e.organization(), e.url().toString(), e.fingerprint())).toList();
            print(spec.commandLine().getOut(), r, ResultFiles.write(r, out, endpoints), out);
            return r.partial() ? 3 : 0;
        }
    }

    @Command(name = "init-sim", mixinStandardHelpOptions = true,
            description = {"Create a simulated TEE platform key pair (DIR/sim-platform.key for the miner, DIR/sim-platform.pub "
                    + "for the providers' --sim-platform) and print this release's Trusted Miner measurement. "
                    + "Simulation only: a software key, not hardware."})
    static final class InitSim implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the key files")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path keyFile = dir.resolve("sim-platform.key");
            if (Files.exists(keyFile)) throw new IllegalArgumentException(keyFile + " exists; not overwriting it");
            Files.createDirectories(dir);
            KeyPair k = Enrollment.newKeyPair();
            Pem.writePrivateKey(keyFile, k.getPrivate());
            Pem.write(dir.resolve("sim-platform.pub"), k.getPublic());
            PrintWriter w = spec.commandLine().getOut();
            w.println("wrote " + keyFile + " (miner) and " + dir.resolve("sim-platform.pub") + " (providers)");
            w.println("Trusted Miner measurement: " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(TrustedMiner.artifact())));
            return 0;
        }
    }

    /** Creates the output folder: not every writer of the result files creates it (a declare-only run did not). */
    static void createOutput(Path out) {
        try {
            Files.createDirectories(out);
        } catch (java.nio.file.FileSystemException e) {
            throw new IllegalArgumentException("-o " + out + ": cannot create the output folder: " + Main.describe(e));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Prints a run's summary and the files written. */
    static void print(PrintWriter w, MiningResult r, ResultFiles.Written written, Path out) {
        boolean simulated = r.providers().stream().anyMatch(p -> !p.attestation().hardwareBacked());
        w.printf("Trusted Miner %s... (%s) mined %,d cases, %,d events for %s%n", r.minerMeasurement().substring(0, 16),
                simulated ? "SIMULATED enclave, not hardware-backed" : "hardware enclave", r.cases(), r.events(), r.requester());
        for (MiningResult.ProviderReport p : r.providers()) {
            w.printf("  %-20s %,8d events %,6d cases %4d segments  attestation %s  %d notary receipts%n", p.organization(),
                    p.events(), p.cases(), p.segments(), p.attestation().status().ear(), p.receipts().size());
        }
        if (r.partial()) {
            // "0 cases merged" read as if nothing was mined: say what is missing from the cases that were
            w.printf("PARTIAL RESULT: unavailable %s; mined without %s events (%,d of the %,d cases were cut off mid-transfer)%n",
                    String.join(", ", r.unavailable()), r.unavailable().size() == 1 ? "its" : "their", r.incompleteCases(), r.cases());
        }
        r.warnings().forEach(warning -> w.println("WARNING: " + warning));
        r.heuristicsPetriNet().ifPresent(n -> w.printf("Heuristics net (CONFINE preset): %d places, %d transitions%n",
                n.net().places().size(), n.net().transitions().size()));
        r.dfg().ifPresent(d -> w.printf("DFG: %d activities, %d edges%n", d.activities().size(), d.edges().size()));
        r.inductiveTree().ifPresent(t -> w.println(r.analyses().contains(Analysis.INDUCTIVE_DFG)
                ? "Inductive Miner (DFG-based, IMd) tree written" : "Inductive Miner tree written"));
        r.declare().ifPresent(d -> w.printf("Declare: %d constraints%n", d.size()));
        r.declareConformance().ifPresent(c -> w.printf("Declare conformance: %d of %d cases fit (mean fitness %.4f)%n",
                c.fittingTraces(), c.traces().size(), c.fitness()));
        written.svgUnavailable().ifPresent(m -> w.println("no SVG: " + m));
        w.println("Wrote " + written.files().size() + " files to " + out + ":");
        for (Path f : written.files()) w.println("  " + f.getFileName());
        w.println("Report: " + out.resolve("report.html"));
    }

    /** A public key from a PEM SubjectPublicKeyInfo file. */
    static PublicKey readPublicKey(Path file) {
        try (Reader r = Files.newBufferedReader(file); PEMParser p = new PEMParser(r)) {
            if (p.readObject() instanceof SubjectPublicKeyInfo spki) return new JcaPEMKeyConverter().getPublicKey(spki);
            throw new TrustException("PEM: " + file + " does not hold a public key");
        } catch (IOException e) {
            throw new TrustException("PEM: cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
