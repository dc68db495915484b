package io.coalition.app;

import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.io.ReadOptions;
import io.coalition.trust.attestation.ReferenceValues;
import io.coalition.trust.attestation.Verifier;
import io.coalition.trust.notary.LogNotary;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Pem;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.LogProvider;
import io.coalition.trustedmining.ReleaseRecord;
import io.coalition.trustedmining.TrustedMiner;
import io.coalition.trustedmining.UsagePolicy;
import io.coalition.trustedmining.ems.JdbcEventSource;
import io.coalition.trustedmining.transport.MergeKey;
import io.coalition.trustedmining.transport.ProviderServer;
import io.coalition.trustedmining.transport.RateLimit;
import io.coalition.trustedmining.transport.UsagePolicyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code coalition provider serve}: one organization's Log Provider on HTTPS (seed 000, network transport). */
@Command(name = "provider", mixinStandardHelpOptions = true,
        description = "A Log Provider: serves one organization's log to attested Trusted Miners over HTTPS.",
        subcommands = ProviderCommand.Serve.class)
final class ProviderCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Serve --log to Trusted Miners whose evidence verifies (--verifier: sim by default, evidence "
                    + "signed by the --sim-platform key, not hardware; sgx, tdx or snp for hardware evidence) and whose client certificate validates under --ca; releases only "
                    + "to --allow-requester organizations, or as the grants of a --policy file say. Prints its address and runs until stopped (Ctrl-C)."})
    static final class Serve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--org", required = true, paramLabel = "NAME", description = "the organization (must match --cert)")
        String org;

        @Option(names = "--log", paramLabel = "FILE", description = "the organization's log (XES, XES.GZ or CSV); or --jdbc")
        Path log;

        @Option(names = "--jdbc", paramLabel = "URL",
                description = "read the events from a database instead (e.g. jdbc:postgresql://host/db?user=u); a password "
                        + "comes from the COALITION_JDBC_PASSWORD environment variable, never from the command line")
        String jdbc;

        @Option(names = "--jdbc-query", paramLabel = "TABLE|SELECT", defaultValue = "events",
                description = "with --jdbc: a table, or a SELECT whose rows are the events (default: ${DEFAULT-VALUE})")
        String jdbcQuery;

        @Option(names = "--jdbc-columns", paramLabel = "ROLE=COLUMN", split = ",",
                description = "with --jdbc: columns for case, activity, timestamp and order (default: case=case_id,"
                        + "activity=activity,timestamp=ts,order=event_index; order=none for no order column)")
        java.util.Map<String, String> jdbcColumns = new java.util.LinkedHashMap<>();

        @Option(names = "--jdbc-attribute", paramLabel = "COLUMN=KEY", split = ",",
                description = "with --jdbc: a further column read as event attribute KEY (e.g. resource=org:resource)")
        java.util.Map<String, String> jdbcAttributes = new java.util.LinkedHashMap<>();

        @Option(names = "--jdbc-case-order", paramLabel = "AUTO|DATABASE|CLIENT", defaultValue = "AUTO",
                description = "with --jdbc: how cases are put in canonical order (UTF-8 bytes of the case id): the database"
                        + " sorts (DATABASE: PostgreSQL on a UTF8 database, H2), the ids are sorted here and the cases read"
                        + " in chunks (CLIENT, any database), or DATABASE where possible (default: ${DEFAULT-VALUE})")
        JdbcEventSource.CaseOrder jdbcCaseOrder;

        @Option(names = "--jdbc-sort-budget", paramLabel = "IDS", defaultValue = "1000000",
                description = "with --jdbc: case ids held in memory; more are sorted on disk (default: ${DEFAULT-VALUE})")
        int jdbcSortBudget;

        @Option(names = "--merge-key", paramLabel = "KEY", defaultValue = "concept:name",
                description = "trace attribute that identifies a case across organizations (default: ${DEFAULT-VALUE})")
        String mergeKey;

        @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "TCP port (default: 0, any free port)")
        int port;

        @Option(names = "--bind", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
        String bind;

        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "the provider's participant certificate (PEM); miners pin it")
        Path cert;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "its private key (PEM); also signs every release")
        Path key;

        @Option(names = "--ca", required = true, paramLabel = "FILE", description = "the participant CA certificate that client certificates must chain to")
        Path ca;

        @Option(names = "--crl", required = true, paramLabel = "FILE", description = "the CA's CRL (PEM), re-read for every request")
        Path crl;

        @Option(names = "--verifier", paramLabel = "sim|sgx|tdx|snp", defaultValue = "sim",
                description = "how miner evidence is verified: sim (simulated platform, --sim-platform), sgx or tdx "
                        + "(Intel DCAP quotes, --intel-root, optionally --intel-collateral or --intel-pcs, and --accept-tcb), snp (AMD SEV-SNP reports, --amd-cert-chain); "
                        + "hardware verifiers need --miner-measurement (default: ${DEFAULT-VALUE})")
        String verifierKind;

        @Option(names = "--sim-platform", paramLabel = "FILE",
                description = "with --verifier sim: public key (PEM) of the simulated TEE platform whose evidence is accepted (from 'coalition miner init-sim')")
        Path simPlatform;

        @Option(names = "--intel-root", paramLabel = "FILE",
                description = "with --verifier sgx|tdx: the Intel SGX Root CA certificate (DER or PEM) that PCK chains must end in")
        Path intelRoot;

        @Option(names = "--intel-collateral", paramLabel = "DIR|FILE",
                description = "with --verifier sgx|tdx: Intel collateral for the miner platform's FMSPC, repeatable (one per "
                        + "FMSPC): a folder of Intel PCS files (*tcbinfo.json, *qeidentity.json, *tcb-signing*.pem, "
                        + "*root-ca-crl.der, *pck*crl.der) or a dcap-qvl collateral JSON; quotes are then checked against "
                        + "TCB Info, QE Identity and CRLs and need an accepted TCB status (default: not checked)")
        List<Path> intelCollateral = new ArrayList<>();

        @Option(names = "--accept-tcb", paramLabel = "LIST",
                description = "with --intel-collateral or --intel-pcs: TCB statuses accepted besides UpToDate, comma-separated Intel names "
                        + "(e.g. OutOfDate,SWHardeningNeeded); Revoked is never accepted (default: UpToDate only)")
        String acceptTcb;

        @Option(names = "--intel-pcs", paramLabel = "URL",
                description = "with --verifier sgx|tdx, instead of --intel-collateral: fetch the collateral for each quote's "
                        + "FMSPC from an Intel PCS v4 service (https://api.trustedservices.intel.com or a PCCS), checked "
                        + "like files, refreshed when it passes nextUpdate or after 24 hours")
        String intelPcs;

        @Option(names = "--intel-pcs-cache", paramLabel = "DIR",
                description = "with --intel-pcs: keep fetched collateral here, reused across restarts while current")
        Path intelPcsCache;

        @Option(names = "--intel-root-ca-crl", paramLabel = "URL",
                description = "with --intel-pcs: where to fetch the Intel SGX Root CA CRL "
                        + "(default: https://certificates.trustedservices.intel.com/IntelSGXRootCA.der)")
        String intelRootCaCrl;

        @Option(names = "--allow-no-crl",
                description = "with --intel-collateral: accept collateral without CRLs (revocation then not checked)")
        boolean allowNoCrl;

        @Option(names = "--allow-service-td",
                description = "with --verifier tdx: accept quotes with a non-zero MRSERVICETD (a bound service TD, whose "
                        + "identity is not appraised; refused by default)")
        boolean allowServiceTd;

        @Option(names = "--amd-cert-chain", paramLabel = "FILE",
                description = "with --verifier snp: AMD KDS cert_chain (PEM: ASK or ASVK, then ARK) of the product; "
                        + "the ARK is checked against its pinned fingerprint")
        Path amdCertChain;

        @Option(names = "--rate-limit", paramLabel = "N/s|N/min|N/h[,burst=B]",
                description = "requests per authenticated participant (token bucket); beyond it 429 with Retry-After "
                        + "(default: no limit)")
        String rateLimit;

        @Option(names = "--miner-measurement", paramLabel = "HEX",
                description = "accepted Trusted Miner measurement(s) (default: this release's miner, see 'coalition miner init-sim')")
        List<String> measurements = new ArrayList<>();

        @Option(names = "--allow-requester", paramLabel = "ORG", split = ",",
                description = "organizations whose certificate may receive results (or --policy)")
        Set<String> requesters;

        @Option(names = "--policy", paramLabel = "FILE",
                description = "the usage policy as grants per requester and analysis, each with its own event attributes and "
                        + "cases (JSON, see the README); instead of --allow-requester, --allow-analysis, --release-attribute "
                        + "and the case options")
        Path policyFile;

        @Option(names = "--allow-analysis", paramLabel = "NAME", split = ",", defaultValue = "heuristics,dfg,inductive,inductive-dfg,declare,declare-conformance",
                description = "analyses the usage policy allows (default: ${DEFAULT-VALUE})")
        List<String> analyses;

        @Option(names = "--release-attribute", paramLabel = "KEY", split = ",",
                description = "event attributes released besides concept:name and time:timestamp")
        Set<String> attributes = Set.of();

        @picocli.CommandLine.Mixin
        CaseOptions cases = new CaseOptions();

        @Option(names = "--notary", paramLabel = "FILE", description = "the notary log (default: ORG.notary in the working directory)")
        Path notary;

        @Option(names = "--segment-kb", paramLabel = "KB", defaultValue = "100", description = "largest segment in KiB (default: ${DEFAULT-VALUE})")
        int segmentKb;

        @Option(names = "--session-timeout", paramLabel = "DURATION", defaultValue = "PT10M",
                description = "drop a miner session idle this long, ISO-8601 (default: ${DEFAULT-VALUE})")
        Duration sessionTimeout;

        @Option(names = "--session-lifetime", paramLabel = "DURATION", defaultValue = "PT8H",
                description = "end a miner session this long after it opened, however busy; the miner attests "
                        + "again, ISO-8601 (default: ${DEFAULT-VALUE})")
        Duration sessionLifetime;

        @Override
        public Integer call() throws Exception {
            if ((log == null) == (jdbc == null)) throw new IllegalArgumentException("give exactly one of --log FILE and --jdbc URL");
            if (segmentKb < 1) throw new IllegalArgumentException("--segment-kb must be at least 1, got " + segmentKb);
            if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, got " + port);
            if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
                throw new IllegalArgumentException("--session-timeout must be positive, got " + sessionTimeout);
            }
            if (sessionLifetime.compareTo(sessionTimeout) < 0) {
                throw new IllegalArgumentException("--session-lifetime " + sessionLifetime
                        + " is shorter than --session-timeout " + sessionTimeout);
            }
            List<UsagePolicy> grants = usagePolicy();
            ProviderVerifiers.Kind kind = ProviderVerifiers.parse(verifierKind);
            if (kind != ProviderVerifiers.Kind.SIM && measurements.isEmpty()) {
                throw new IllegalArgumentException("--verifier " + verifierKind + " needs --miner-measurement HEX (the "
                        + "default is the measurement of the simulated build)");
            }
            RateLimit limit;
            try {
                limit = rateLimit == null ? null : RateLimit.parse(rateLimit);
            } catch (io.coalition.trustedmining.TrustedMiningException e) {
                throw new IllegalArgumentException("--rate-limit: " + e.getMessage());
            }
            Clock clock = Clock.systemUTC();
            Verifier verifier = Verifier.builder()
                    .add(ProviderVerifiers.create(kind, simPlatform, intelRoot, new ProviderVerifiers.Intel(
                            intelCollateral, intelPcs, intelPcsCache, intelRootCaCrl, acceptTcb, allowNoCrl, allowServiceTd), amdCertChain, clock)).clock(clock).build();
            requireFile("--cert", cert);
            requireFile("--key", key);
            requireFile("--ca", ca);
            requireFile("--crl", crl);
            X509Certificate certificate = Pem.readCertificate(cert);
            KeyPair keys = new KeyPair(certificate.getPublicKey(), Pem.readPrivateKey(key));
            checkIdentity(certificate, keys);
            ReferenceValues reference = measurements.isEmpty()
                    ? ReferenceValues.of(MessageDigest.getInstance("SHA-256").digest(TrustedMiner.artifact()))
                    : ReferenceValues.of(measurements.toArray(String[]::new));
            // in the working directory, not next to --log: the log's folder may be shared or read-only
            Path notaryFile = notary != null ? notary : Path.of(org + ".notary");
            X509Certificate caCert = Pem.readCertificate(ca);
            PrintWriter w = spec.commandLine().getOut();
            CountDownLatch closed = new CountDownLatch(1);
            try {
                try (LogNotary n = LogNotary.open(notaryFile, "coalition/" + org, clock); JdbcEventSource database = openJdbc()) {
                    LogProvider.Builder builder = database != null ? LogProvider.builder().source(database)
                            : LogProvider.builder().log(MergeKey.apply(LogFiles.read(log, ReadOptions.DEFAULT), mergeKey, log.toString()));
                    LogProvider provider = builder.organization(org).policies(grants).signingKey(keys)
                            .attestation(verifier, ProviderVerifiers.reference(kind, reference)).notary(n).clock(clock)
                            .segmentBytes(segmentKb * 1024).sessionTimeout(sessionTimeout)
                            .sessionLifetime(sessionLifetime).build();
                    try (ProviderServer server = ProviderServer.builder().provider(provider).identity(certificate, keys.getPrivate())
                            .clients(new CertificateValidator(caCert, Pem.crlFile(crl))).clock(clock).rateLimit(limit)
                            .address(new InetSocketAddress(address(bind), port)).start()) {
                        w.printf("provider %s serving %s (%,d events, %d segments; certificate sha256 %s)%n", org, server.uri(),
                                provider.eventCount(), provider.segmentCount(), sha256(certificate));
                        List<ReleaseRecord> records = provider.releaseRecords();
                        for (int i = 0; i < grants.size(); i++) {
                            UsagePolicy grant = grants.get(i);
                            w.printf("%s%s; case selection: %s%n", grants.size() == 1 ? ""
                                    : "grant " + (i + 1) + " (" + String.join(",", new java.util.TreeSet<>(grant.recipients())) + "): ",
                                    records.get(i).summary(), grant.cases().describe());
                            String listsFound = records.get(i).listsFound();
                            if (!listsFound.isEmpty()) w.println(listsFound);
                        }
                        w.printf("verifier %s%s%n", kind.name().toLowerCase(java.util.Locale.ROOT),
                                limit == null ? "" : "; rate limit " + limit + " per participant");
                        w.println("notary log: " + notaryFile + "; stop with Ctrl-C");
                        w.flush();
                        CountDownLatch stopped = new CountDownLatch(1);
                        // the JVM halts when its hooks return: wait until the server and notary are closed
                        Thread hook = new Thread(() -> {
                            stopped.countDown();
                            try {
                                closed.await(30, java.util.concurrent.TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }, "coalition-provider-shutdown");
                        Runtime.getRuntime().addShutdownHook(hook);
                        try {
                            stopped.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            Runtime.getRuntime().removeShutdownHook(hook);
                        }
                    }
                }
                w.println("provider " + org + " stopped");
                w.flush();
            } finally {
                closed.countDown();
            }
            return 0;
        }

        /** The usage policy's grants: from --policy, or one grant from the policy options. */
        private List<UsagePolicy> usagePolicy() {
            if (policyFile == null) {
                if (requesters == null) throw new IllegalArgumentException("give --allow-requester ORG[,ORG...] or --policy FILE");
                Set<Analysis> allowed = EnumSet.noneOf(Analysis.class);
                for (String a : analyses) allowed.add(parseAnalysis("--allow-analysis", a));
                return List.of(new UsagePolicy(allowed, attributes, requesters, cases.selection()));
            }
            picocli.CommandLine.ParseResult given = spec.commandLine().getParseResult();
            for (String option : List.of("--allow-requester", "--allow-analysis", "--release-attribute", "--release-cases-file",
                    "--withhold-cases-file", "--cases-from", "--cases-until", "--case-attribute", "--case-attribute-range")) {
                if (given.hasMatchedOption(option)) {
                    throw new IllegalArgumentException("--policy " + policyFile + " and " + option
                            + " cannot be combined: the policy file says what is released, to whom and for which analysis");
                }
            }
            try {
                return UsagePolicyFile.read(policyFile);
            } catch (io.coalition.trustedmining.TrustedMiningException e) {
                throw new IllegalArgumentException("--policy " + e.getMessage());
            }
        }

        /** Refuses a --cert of another organization than --org, or a --key that is not --cert's key, before serving. */
        private void checkIdentity(X509Certificate certificate, KeyPair keys) throws Exception {
            String certOrg = io.coalition.trust.pki.ParticipantAttributes.of(certificate).organization();
            if (!org.equals(certOrg)) {
                throw new IllegalArgumentException("--org " + org + " does not match --cert " + cert
                        + ", which is for organization '" + certOrg + "'");
            }
            // a mismatched key would sign releases that every miner then refuses: say so at start instead
            boolean matches;
            try {
                java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
                byte[] probe = "coalition provider key check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                signer.initSign(keys.getPrivate());
                signer.update(probe);
                byte[] signature = signer.sign();
                java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
                verifier.initVerify(keys.getPublic());
                verifier.update(probe);
                matches = verifier.verify(signature);
            } catch (java.security.InvalidKeyException e) {
                matches = false;
            }
            if (!matches) {
                throw new IllegalArgumentException("--key " + key + " is not the private key of --cert " + cert);
            }
        }

        /** The database source of --jdbc (the case column is the merge key there), or null for --log. */
        private JdbcEventSource openJdbc() {
            if (jdbc == null) return null;
            java.util.Map<String, String> columns = new java.util.HashMap<>(
                    java.util.Map.of("case", "case_id", "activity", "activity", "timestamp", "ts", "order", "event_index"));
            jdbcColumns.forEach((role, column) -> {
                if (!columns.containsKey(role)) {
                    throw new IllegalArgumentException("--jdbc-columns: unknown role '" + role
                            + "' (expected case, activity, timestamp or order)");
                }
                columns.put(role, column);
            });
            String order = "none".equals(columns.get("order")) ? null : columns.get("order");
            JdbcEventSource.Mapping mapping = new JdbcEventSource.Mapping(jdbcQuery, columns.get("case"),
                    columns.get("activity"), columns.get("timestamp"), order, jdbcAttributes);
            java.util.Properties properties = new java.util.Properties();
            String password = System.getenv("COALITION_JDBC_PASSWORD");
            if (password != null) properties.setProperty("password", password);
            return JdbcEventSource.open(jdbc, properties, mapping, JdbcEventSource.Options.DEFAULT
                    .withCaseOrder(jdbcCaseOrder).withSortBudget(jdbcSortBudget));
        }

        private static InetAddress address(String host) {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--bind: unknown host '" + host + "'");
            }
        }
    }

    /** {@code file}, or an error naming {@code option} when it is not a file (the PEM reader's message repeats the path). */
    static Path requireFile(String option, Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + ": "
                    + (java.nio.file.Files.exists(file) ? "not a file" : "no such file"));
        }
        return file;
    }

    /** An analysis name of {@code option}, the error naming the option. */
    static Analysis parseAnalysis(String option, String name) {
        try {
            return Analysis.parse(name.strip());
        } catch (io.coalition.trustedmining.TrustedMiningException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    static String sha256(X509Certificate c) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }
}
