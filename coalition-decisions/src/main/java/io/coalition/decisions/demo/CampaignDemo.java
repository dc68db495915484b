package io.coalition.decisions.demo;

import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.ccu.Ccu;
import io.coalition.decisions.ccu.CcuCall;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.ccu.CcuWorker;
import io.coalition.decisions.ccu.RecordIndex;
import io.coalition.decisions.queue.EmbeddedRequestQueue;
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

/**
 * Seed 004's vaccine campaign end to end on embedded defaults: a CA certifies the medical hub, patients,
 * vaccination centers and carriers; each provider submits its own record in an envelope through the request
 * manager; the CCU stores them encrypted, content-addressed and notarized; then the three decision functions are
 * called: by the medical hub (per-record decisions), by a vaccination center and a carrier (the aggregated
 * outcome their policy allows), and by a patient (refused). The records are chosen so that every rule of Tables
 * VII and VIII, and High/Ineligible/no match of Table IV, fire.
 */
public final class CampaignDemo {
    /** One decision request: who asked, for which function, and the outcome or the refusal. */
    public record Call(String caller, String role, String function, String dataName, DecisionOutcome outcome,
                       String refusal) {
    }

    /** What the demo did; {@code work} holds the encrypted store, the notary log and the compiled XACML. */
    public record Report(Map<String, Integer> recordsByDataName, List<Call> calls, Path work) {
        public Report {
            recordsByDataName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(recordsByDataName));
            calls = List.copyOf(calls);
        }
    }

    private record Party(String name, String role, KeyPair keys, X509Certificate cert, Hpke.KeyPair hpke) {
    }

    private CampaignDemo() {
    }

    /** Runs the campaign in {@code work} (created). */
    public static Report run(Path work) {
        Clock clock = Clock.systemUTC();
        List<Path> files = VaccineCampaign.writeCampaign(work.resolve("specification"));
        CertificateAuthority ca = CertificateAuthority.create("Vaccine campaign CA", clock);
        Party ccuId = enroll(ca, "ccu", "CCU", ParticipantType.CCU);
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        try (DecisionSpecification spec = DecisionSpecification.load(files.subList(0, files.size() - 1),
                List.of(files.get(files.size() - 1)), work.resolve("xacml"));
             LogNotary notary = LogNotary.open(work.resolve("notary.log"), "vaccine-campaign", clock);
             EmbeddedRequestQueue<CcuCall, CcuReply> queue = new EmbeddedRequestQueue<>()) {
            Ccu ccu = new Ccu(spec, CertificateValidator.of(ca), ccuId.cert(), ccuId.keys().getPrivate(), seed,
                    new FileBlobStore(work.resolve("blobs")), notary, RecordIndex.inMemory(), clock, Duration.ofMinutes(10));
            CcuWorker worker = new CcuWorker("coalition-decisions-ccu", ccu, queue);
            Envelopes sealer = new Envelopes(clock, Duration.ofMinutes(10));
            Map<String, Integer> counts = new LinkedHashMap<>();
            List<Party> providers = new ArrayList<>();
            submitAll(ca, ccu, queue, worker, sealer, "Patients", "Patient", "Patient", patients(), providers, counts);
            submitAll(ca, ccu, queue, worker, sealer, "VaccinationCenters", "VaccinationCenter", "VaccinationCenter",
                    centers(), providers, counts);
            submitAll(ca, ccu, queue, worker, sealer, "Carriers", "Carrier", "Carrier", carriers(), providers, counts);
            Party hub = enroll(ca, "Ayala PLC medical hub", "MedicalHub", ParticipantType.DECIDER);
            Party center = providers.stream().filter(p -> p.role().equals("VaccinationCenter")).findFirst().orElseThrow();
            Party carrier = providers.stream().filter(p -> p.role().equals("Carrier")).findFirst().orElseThrow();
            Party patient = providers.get(0);
            List<Call> calls = new ArrayList<>();
            calls.add(decide(ccu, queue, worker, sealer, clock, hub, "PatientPrioritizationWithAggr", "Patients"));
            calls.add(decide(ccu, queue, worker, sealer, clock, hub, "Restock", "VaccinationCenters"));
            calls.add(decide(ccu, queue, worker, sealer, clock, hub, "CarrierSelection", "Carriers"));
            calls.add(decide(ccu, queue, worker, sealer, clock, center, "Restock", "VaccinationCenters"));
            calls.add(decide(ccu, queue, worker, sealer, clock, carrier, "CarrierSelection", "Carriers"));
            calls.add(decide(ccu, queue, worker, sealer, clock, patient, "Restock", "VaccinationCenters"));
            return new Report(counts, calls, work);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecisionsException("vaccine campaign demo interrupted", e);
        }
    }

    private static void submitAll(CertificateAuthority ca, Ccu ccu, EmbeddedRequestQueue<CcuCall, CcuReply> queue,
                                  CcuWorker worker, Envelopes sealer, String dataName, String structure, String role,
                                  Map<String, Map<String, Object>> records, List<Party> providers,
                                  Map<String, Integer> counts) throws InterruptedException {
        for (var e : records.entrySet()) {
            Party p = enroll(ca, e.getKey(), role, ParticipantType.DATA_PROVIDER);
            providers.add(p);
            Envelope env = sealer.seal(Ccu.json(new Ccu.Submission(dataName, structure, e.getKey(), e.getValue())),
                    Ccu.SUBMIT, p.cert(), p.keys().getPrivate(), ccu.certificate(), ccu.hpkePublicKey());
            String id = queue.send(p.name(), new CcuCall.Submit(env, p.cert()));
            worker.processOne(Duration.ZERO);
            CcuReply r = queue.response(p.name(), id, Duration.ZERO).orElseThrow();
            if (r.isRefusal()) {
                throw new DecisionsException("record " + e.getKey() + " refused: " + r.refusal());
            }
        }
        counts.put(dataName, records.size());
    }

    private static Call decide(Ccu ccu, EmbeddedRequestQueue<CcuCall, CcuReply> queue, CcuWorker worker,
                               Envelopes sealer, Clock clock, Party from, String function, String dataName)
            throws InterruptedException {
        Envelope env = sealer.seal(Ccu.json(new Ccu.Request(function, dataName, from.hpke().publicKey())), Ccu.DECIDE,
                from.cert(), from.keys().getPrivate(), ccu.certificate(), ccu.hpkePublicKey());
        String id = queue.send(from.name(), new CcuCall.Decide(env, from.cert()));
        worker.processOne(Duration.ZERO);
        CcuReply r = queue.response(from.name(), id, Duration.ZERO).orElseThrow();
        if (r.isRefusal()) {
            return new Call(from.name(), from.role(), function, dataName, null, r.refusal());
        }
        DecisionOutcome o = Ccu.openResponse(r.decision(), ccu.certificate(), from.cert(), from.hpke(),
                new Envelopes(clock, Duration.ofMinutes(10)));
        return new Call(from.name(), from.role(), function, dataName, o, null);
    }

    private static Party enroll(CertificateAuthority ca, String name, String role, ParticipantType type) {
        KeyPair keys = Enrollment.newKeyPair();
        ParticipantAttributes a = new ParticipantAttributes("id-" + name.replace(' ', '-'), role, "IT", name, Set.of(type), true);
        X509Certificate c = ca.issue(Enrollment.request(keys, "CN=" + name, a), a, Duration.ofDays(1));
        return new Party(name, role, keys, c, Hpke.DEFAULT.generateKeyPair());
    }

    /** Patients (Table I fields): six that the aggregates' filter keeps (mean age 63.5, sum 381), and three more. */
    static Map<String, Map<String, Object>> patients() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            out.put("patient-" + (i + 1), patient("Patient " + (i + 1), 61 + i, "Diabetes", "Metformin", "COVID-19",
                    "Heart Disease", true));
        }
        out.put("patient-7", patient("Andre Mcdaniel", 25, "Asthma", "Albuterol", "Influenza", "None", true));
        out.put("patient-8", patient("Patient 8", 70, "None", "None", "None", "None", false));
        out.put("patient-9", patient("Patient 9", 45, "None", "None", "None", "None", true));
        return out;
    }

    private static Map<String, Object> patient(String name, int age, String cond, String med, String vacc, String family,
                                               boolean consent) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("FullName", name);
        p.put("Age", age);
        p.put("PreExistingConditions", cond);
        p.put("CurrentMedications", med);
        p.put("PreviousVaccinations", vacc);
        p.put("FamilyMedicalHistory", family);
        p.put("ConsentFormSigned", consent);
        return p;
    }

    /** Vaccination centers, one per rule of Table VII (in order) and one no rule matches. */
    static Map<String, Map<String, Object>> centers() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        out.put("center-1", center("Rome North", 100.0, 2000, 10_000, 500));       // Immediate
        out.put("center-2", center("Milan East", 400.0, 2000, 60_000, 5_000));      // Needed soon
        out.put("center-3", center("Turin", 200.0, 800, 25_000, 4_000));            // Needed
        out.put("center-4", center("Naples", 900.0, 2000, 5_000, 15_000));          // Medium priority
        out.put("center-5", center("Bari", 300.0, 800, 10_000, 25_000));            // Lower priority
        out.put("center-6", center("Florence", 1500.0, 2000, 60_000, 50_000));      // No need
        out.put("center-7", center("Aosta", 300.0, 400, 3_000, 100));               // no rule
        return out;
    }

    private static Map<String, Object> center(String name, double stock, int capacity, int population, int progress) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("HubName", name);
        c.put("Location", name + ", IT");
        c.put("CurrentVaccineStockLevel", stock);
        c.put("PopulationServed", population);
        c.put("MaxStorageCapacity", capacity);
        c.put("VaccinationProgress", progress);
        return c;
    }

    /** Carriers, one per rule of Table VIII (in order). */
    static Map<String, Map<String, Object>> carriers() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        out.put("carrier-1", carrier("Carrier A", 2500, 12, 2, 4.0, true, true, 50_000, true));
        out.put("carrier-2", carrier("Carrier B", 2000, 10, 2, 2.5, true, false, 15_000, true));
        out.put("carrier-3", carrier("Carrier C", 2200, 8, 2, 1.5, true, false, 20_000, true));
        out.put("carrier-4", carrier("Carrier D", 1500, 5, 2, 5.0, true, false, 15_000, true));
        out.put("carrier-5", carrier("Carrier E", 800, 3, 2, 3.5, true, false, 25_000, true));
        out.put("carrier-6", carrier("Carrier F", 800, 3, 2, 4.0, true, false, 15_000, true));
        out.put("carrier-7", carrier("Carrier G", 300, 2, 0, 1.5, false, false, 30_000, true));
        out.put("carrier-8", carrier("Carrier H", 300, 1, 0, 1.5, true, false, 10_000, true));
        out.put("carrier-9", carrier("Carrier I", 300, 5, 1, 2.5, false, true, 30_000, true));
        out.put("carrier-10", carrier("Carrier J", 3000, 20, 3, 1.0, true, true, 90_000, false));
        return out;
    }

    private static Map<String, Object> carrier(String name, double area, int trucks, int planes, double cost,
                                               boolean fridge, boolean monitor, int annual, boolean iso) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("CarrierName", name);
        c.put("CoverageArea", area);
        c.put("NumberOfTrucks", trucks);
        c.put("NumberOfPlanes", planes);
        c.put("OperationalCostPerKm", cost);
        c.put("RefrigerationCapacity", fridge);
        c.put("TemperatureMonitoringSystems", monitor);
        c.put("AnnualDeliveries", annual);
        c.put("ISOCompliant", iso);
        return c;
    }
}
