package io.coalition.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.ccu.Ccu;
import io.coalition.decisions.ccu.CcuCall;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.ccu.CcuWorker;
import io.coalition.decisions.demo.VaccineCampaign;
import io.coalition.decisions.dmn.DecisionModel;
import io.coalition.decisions.queue.RequestQueue;
import io.coalition.decisions.spec.DecisionOutcome;
import io.coalition.decisions.spec.DecisionSpecification;
import io.coalition.trust.cas.FileBlobStore;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.envelope.Envelopes;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.notary.LogNotary;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code coalition decisions ...}: confidential decision support (seed 004). */
@Command(name = "decisions", mixinStandardHelpOptions = true,
        description = "Confidential decision support: DMN decisions over encrypted records, for certified callers.",
        subcommands = {DecisionsCommand.Evaluate.class, DecisionsCommand.Run.class, DecisionsCommand.Example.class,
                DecisionsServeCommand.class, DecisionsReplicaCommand.class, DecisionsClientCommand.Submit.class,
                DecisionsClientCommand.Decide.class})
final class DecisionsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Records with their ids: each object's "id" field (removed from its fields), else r0, r1, ... by position. */
    static List<Ccu.BatchRecord> withIds(List<Map<String, Object>> records) {
        List<Ccu.BatchRecord> out = new ArrayList<>(records.size());
        for (int n = 0; n < records.size(); n++) {
            Map<String, Object> fields = new LinkedHashMap<>(records.get(n));
            Object id = fields.remove("id");
            out.add(new Ccu.BatchRecord(id == null ? "r" + n : id.toString(), fields));
        }
        return out;
    }

    /** {@code records} in consecutive groups of at most {@code size} (the last may be shorter). */
    static List<List<Ccu.BatchRecord>> batches(List<Ccu.BatchRecord> records, int size) {
        List<List<Ccu.BatchRecord>> out = new ArrayList<>();
        for (int from = 0; from < records.size(); from += size) {
            out.add(records.subList(from, Math.min(records.size(), from + size)));
        }
        return out;
    }

    /**
     * A provider's envelope for the CCU: one record ({@link Ccu#SUBMIT}) when {@code single}, else the records as one
     * data set ({@link Ccu#SUBMIT_BATCH}), under data name {@code dataName} and structure {@code structure}.
     */
    static Envelope sealData(Envelopes sealer, String dataName, String structure, List<Ccu.BatchRecord> records,
                             boolean single, X509Certificate sender, java.security.PrivateKey senderKey,
                             X509Certificate ccu, byte[] ccuHpkeKey) {
        if (single) {
            Ccu.BatchRecord r = records.get(0);
            return sealer.seal(Ccu.json(new Ccu.Submission(dataName, structure, r.recordId(), r.fields())), Ccu.SUBMIT,
                    sender, senderKey, ccu, ccuHpkeKey);
        }
        return sealer.seal(Ccu.json(new Ccu.Batch(dataName, structure, List.copyOf(records))), Ccu.SUBMIT_BATCH, sender,
                senderKey, ccu, ccuHpkeKey);
    }

    /**
     * A decision outcome as {@code run} and {@code decide} print it: one line per record (id, tab, output), then the
     * aggregates, and the summary for a caller that may see only the aggregated outcome.
     */
    static void printOutcome(PrintWriter out, DecisionOutcome outcome) {
        for (DecisionOutcome.RecordDecision d : outcome.decisions()) {
            out.println(d.recordId() + "\t" + d.output());
        }
        outcome.aggregates().forEach((k, v) -> out.println(k + " = " + v));
        if (outcome.decisions().isEmpty() && !outcome.summary().isEmpty()) {
            outcome.summary().forEach((k, v) -> out.println("summary " + k + " = " + v));
        }
    }

    /**
     * JSON objects from {@code source}: inline JSON when it starts with '{' or '[', otherwise a file path.
     * {@code option} names where the value came from in errors.
     */
    static List<Map<String, Object>> readRecords(String option, String source) {
        String trimmed = source.strip();
        boolean inline = trimmed.startsWith("{") || trimmed.startsWith("[");
        String where = inline ? option : source;
        try {
            JsonNode root;
            if (inline) {
                root = JSON.readTree(trimmed);
            } else {
                Path file = Path.of(source);
                if (!Files.isRegularFile(file)) {
                    throw new DecisionsException(option + ": no such file: " + source
                            + " (give a JSON file, or inline JSON starting with '{' or '[')");
                }
                root = JSON.readTree(file.toFile());
            }
            List<Map<String, Object>> out = new ArrayList<>();
            if (root == null || !(root.isArray() || root.isObject())) {
                throw new DecisionsException(where + ": expected a JSON object or an array of objects");
            }
            int i = 0;
            for (JsonNode n : root.isArray() ? root : List.of(root)) {
                if (!n.isObject()) {
                    throw new DecisionsException(where + ": element [" + i + "]: expected a JSON object, found " + n.getNodeType());
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = JSON.convertValue(n, LinkedHashMap.class);
                out.add(m);
                i++;
            }
            return out;
        } catch (IOException e) {
            String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new DecisionsException(where + ": not valid JSON: " + detail, e);
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Evaluate one DMN decision (plain, no security path) for each input object; prints one JSON"
                    + " value per line.")
    static final class Evaluate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dmn", required = true, split = ",", paramLabel = "FILE", description = "DMN files or directories")
        List<Path> dmn;
        @Option(names = "--decision", required = true, description = "the decision's name")
        String decision;
        @Option(names = "--inputs", required = true, paramLabel = "JSON|FILE",
                description = "a JSON object of input values, or an array of them: inline, or a file holding it")
        String inputs;

        @Override
        public Integer call() throws IOException {
            DecisionModel model = DecisionModel.load(dmn.toArray(Path[]::new));
            PrintWriter out = spec.commandLine().getOut();
            for (Map<String, Object> in : readRecords("--inputs", inputs)) {
                out.println(JSON.writeValueAsString(model.evaluate(decision, in)));
            }
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run the whole secure path in one process: a fresh CA certifies a provider and a decider,"
                    + " the provider's records go to the CCU in HPKE envelopes (stored encrypted, content-addressed,"
                    + " notarized) through the request queue, and the decider's request is authorized by the compiled"
                    + " ALFA policy and answered to the decider only.",
                    "Prints one line per record (id and decision), then the aggregates."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dmn", required = true, split = ",", paramLabel = "FILE", description = "DMN files")
        List<Path> dmn;
        @Option(names = "--alfa", required = true, split = ",", paramLabel = "FILE", description = "ALFA policy descriptor")
        List<Path> alfa;
        @Option(names = "--function", required = true, description = "the decision function to call")
        String function;
        @Option(names = "--records", required = true, paramLabel = "JSON|FILE",
                description = "the provider's records: a JSON array of objects, each with an \"id\" (inline, or a file holding it)")
        String records;
        @Option(names = "--provider", defaultValue = "Patient:IT", paramLabel = "ROLE:COUNTRY",
                description = "the provider's certified role and country (default ${DEFAULT-VALUE})")
        String provider;
        @Option(names = "--caller", defaultValue = "MedicalHub:IT", paramLabel = "ROLE:COUNTRY",
                description = "the decider's certified role and country (default ${DEFAULT-VALUE})")
        String caller;
        @Option(names = "--work", required = true, paramLabel = "DIR",
                description = "where the encrypted store, notary log and compiled XACML go")
        Path work;
        @Option(names = "--queue", defaultValue = "embedded", paramLabel = "embedded|redis://HOST:PORT",
                description = "the request queue (default ${DEFAULT-VALUE})")
        String queueSpec;
        @Option(names = "--index", defaultValue = "memory", paramLabel = "memory|file:PATH|redis://HOST:PORT",
                description = "the record index (default ${DEFAULT-VALUE}; this run's CCU is new, so give a fresh one)")
        String indexSpec;
        @Option(names = "--replay-store", defaultValue = "memory", paramLabel = "memory|file:PATH|redis://HOST:PORT",
                description = "the replay store (default ${DEFAULT-VALUE})")
        String replaySpec;
        @Option(names = "--namespace", defaultValue = DecisionsBackends.DEFAULT_NAMESPACE + "-run", paramLabel = "NS",
                description = "the Redis key namespace (default ${DEFAULT-VALUE})")
        String namespace;
        @Option(names = "--batch-size", defaultValue = "1000", paramLabel = "N",
                description = "records per envelope (a data set checked once and notarized together; default "
                        + "${DEFAULT-VALUE}; 1: one envelope per record)")
        int batchSize;

        @Override
        public Integer call() throws Exception {
            if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
            List<AutoCloseable> open = new ArrayList<>();
            try {
                return runWith(open);
            } finally {
                DecisionsBackends.closeAll(open);
            }
        }

        private Integer runWith(List<AutoCloseable> open) throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<Map<String, Object>> recs = readRecords("--records", records);
            Clock clock = Clock.systemUTC();
            CertificateAuthority ca = CertificateAuthority.create("Coalition decisions CA", clock);
            var ccuId = enroll(ca, "ccu", "CCU:IT", ParticipantType.CCU);
            var prov = enroll(ca, "provider", provider, ParticipantType.DATA_PROVIDER);
            var dec = enroll(ca, "decider", caller, ParticipantType.DECIDER);
            byte[] seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            Files.createDirectories(work);
            try (DecisionSpecification specification = DecisionSpecification.load(dmn, alfa, work.resolve("xacml"));
                 LogNotary notary = LogNotary.open(work.resolve("notary.log"), "coalition-decisions", clock)) {
                RequestQueue<CcuCall, CcuReply> queue = DecisionsBackends.queue(queueSpec, namespace, open);
                Ccu ccu = new Ccu(specification, CertificateValidator.of(ca), ccuId.cert, ccuId.keys.getPrivate(), seed,
                        new FileBlobStore(work.resolve("blobs")), notary, DecisionsBackends.index(indexSpec, namespace, open),
                        clock, Duration.ofMinutes(10), DecisionsBackends.replays(replaySpec, namespace, clock, open));
                CcuWorker worker = new CcuWorker("coalition-decisions-ccu", ccu, queue);
                Envelopes sealer = new Envelopes(clock, Duration.ofMinutes(10));
                String dataStructure = specification.function(function).dataStructure();
                List<String> ids = new ArrayList<>();
                for (List<Ccu.BatchRecord> batch : batches(withIds(recs), batchSize)) {
                    Envelope e = sealData(sealer, dataStructure + "s", dataStructure, batch, batchSize == 1, prov.cert,
                            prov.keys.getPrivate(), ccu.certificate(), ccu.hpkePublicKey());
                    ids.add(queue.send("provider", batchSize == 1 ? new CcuCall.Submit(e, prov.cert) : new CcuCall.SubmitBatch(e, prov.cert)));
                }
                Envelope req = sealer.seal(Ccu.json(new Ccu.Request(function, dataStructure + "s", dec.hpke.publicKey())),
                        Ccu.DECIDE, dec.cert, dec.keys.getPrivate(), ccu.certificate(), ccu.hpkePublicKey());
                String reqId = queue.send("decider", new CcuCall.Decide(req, dec.cert));
                while (worker.processOne(Duration.ZERO)) {
                    // the queue is drained in order: submissions, then the request
                }
                for (String id : ids) {
                    CcuReply reply = queue.response("provider", id, Duration.ZERO).orElseThrow();
                    if (reply.isRefusal()) {
                        spec.commandLine().getErr().println("coalition: refused: " + reply.refusal());
                        return Main.EXIT_BAD_INPUT;
                    }
                }
                CcuReply reply = queue.response("decider", reqId, Duration.ZERO).orElseThrow();
                if (reply.isRefusal()) {
                    spec.commandLine().getErr().println("coalition: refused: " + reply.refusal());
                    return Main.EXIT_BAD_INPUT;
                }
                printOutcome(out, Ccu.openResponse(reply.decision(), ccu.certificate(), dec.cert, dec.hpke,
                        new Envelopes(clock, Duration.ofMinutes(10))));
                out.println(recs.size() + " records stored encrypted in " + work.resolve("blobs") + ", notarized in "
                        + work.resolve("notary.log"));
            }
            return 0;
        }

        record Id(KeyPair keys, X509Certificate cert, Hpke.KeyPair hpke) {
        }

        static Id enroll(CertificateAuthority ca, String name, String roleCountry, ParticipantType type) {
            String[] rc = roleCountry.split(":", 2);
            if (rc.length != 2 || rc[0].isBlank() || rc[1].isBlank()) {
                throw new DecisionsException("'" + roleCountry + "': expected ROLE:COUNTRY, e.g. MedicalHub:IT");
            }
            KeyPair keys = Enrollment.newKeyPair();
            ParticipantAttributes a = new ParticipantAttributes("id-" + name, rc[0], rc[1], name, Set.of(type), true);
            return new Id(keys, ca.issue(Enrollment.request(keys, "CN=" + name, a), a, Duration.ofDays(1)),
                    Hpke.DEFAULT.generateKeyPair());
        }
    }

    @Command(name = "example", mixinStandardHelpOptions = true,
            description = "Write seed 004's vaccine-campaign specification (DMN models and ALFA descriptor) to DIR.")
    static final class Example implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR")
        Path dir;
        @Option(names = "--campaign", description = "the whole campaign: also restocking (Table VII), carrier selection"
                + " (Table VIII) and their descriptor, campaign.alfa")
        boolean campaign;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (Path p : campaign ? VaccineCampaign.writeCampaign(dir) : VaccineCampaign.write(dir)) {
                out.println("wrote " + p);
            }
            for (Path p : VaccineCampaign.writeSamples(dir)) out.println("wrote " + p);
            // commands a new user can run as they are on what was just written
            out.println("try: coalition decisions evaluate --dmn " + dir.resolve("prioritization.dmn")
                    + " --decision PatientPrioritizationWithAggr --inputs " + dir.resolve("patient.json"));
            out.println("try: coalition decisions run --dmn " + dir.resolve("aggregations.dmn") + ","
                    + dir.resolve("prioritization.dmn") + " --alfa " + dir.resolve(campaign ? "campaign.alfa" : "vaccine.alfa")
                    + " --function PatientPrioritizationWithAggr --records " + dir.resolve("patients.json") + " --work "
                    + dir.resolve("work"));
            return 0;
        }
    }
}
