package io.coalition.decisions.spec;

import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.demo.VaccineCampaign;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.coalition.decisions.spec.VaccinePrioritizationTest.attrs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Seed 004's restocking (Table VII) and carrier selection (Table VIII) from the shipped campaign DMN and ALFA files:
 * generated VAX-like records (fixed seeds, values often snapped to the tables' thresholds) in which every rule
 * fires, each decision checked against a straightforward Java if-chain of the same table; and the policy that
 * gives the medical hub per-record decisions but vaccination centers and carriers only the aggregated outcome.
 */
class VaccineLogisticsTest {
    @TempDir
    static Path dir;
    static DecisionSpecification spec;

    @BeforeAll
    static void load() {
        List<Path> files = VaccineCampaign.writeCampaign(dir.resolve("spec"));
        spec = DecisionSpecification.load(files.subList(0, files.size() - 1), List.of(files.get(files.size() - 1)),
                dir.resolve("xacml"));
    }

    @AfterAll
    static void close() {
        spec.close();
    }

    static BigDecimal d(Object o) {
        return new BigDecimal(o.toString());
    }

    static boolean le(Object a, BigDecimal b) {
        return d(a).compareTo(b) <= 0;
    }

    static boolean ge(Object a, String b) {
        return d(a).compareTo(new BigDecimal(b)) >= 0;
    }

    static boolean gt(Object a, String b) {
        return d(a).compareTo(new BigDecimal(b)) > 0;
    }

    static boolean lt(Object a, String b) {
        return d(a).compareTo(new BigDecimal(b)) < 0;
    }

    /** Table VII as a first-hit if-chain (the README's reading of its operators). */
    static String restockOracle(Map<String, Object> c) {
        Object stock = c.get("CurrentVaccineStockLevel");
        Object cap = c.get("MaxStorageCapacity");
        Object pop = c.get("PopulationServed");
        Object prog = c.get("VaccinationProgress");
        BigDecimal capacity = d(cap);
        boolean large = ge(cap, "1000");
        boolean medium = ge(cap, "500") && lt(cap, "1000");
        if (le(stock, capacity.multiply(new BigDecimal("0.1"))) && large) {
            return "Immediate";
        }
        if (le(stock, capacity.multiply(new BigDecimal("0.25"))) && large && gt(pop, "50000") && lt(prog, "10000")) {
            return "Needed soon";
        }
        if (le(stock, capacity.multiply(new BigDecimal("0.25"))) && medium && gt(pop, "20000") && lt(prog, "5000")) {
            return "Needed";
        }
        if (le(stock, capacity.multiply(new BigDecimal("0.5"))) && large && gt(pop, "1000") && gt(prog, "10000")) {
            return "Medium priority";
        }
        if (le(stock, capacity.multiply(new BigDecimal("0.5"))) && medium && ge(pop, "5000") && !gt(pop, "30000")
                && gt(prog, "20000")) {
            return "Lower priority";
        }
        if (d(stock).compareTo(capacity.multiply(new BigDecimal("0.25"))) >= 0 && large && gt(pop, "50000")
                && gt(prog, "45000")) {
            return "No need";
        }
        return null;
    }

    /** Table VIII as a first-hit if-chain. */
    static String carrierOracle(Map<String, Object> c) {
        Object area = c.get("CoverageArea");
        Object trucks = c.get("NumberOfTrucks");
        Object planes = c.get("NumberOfPlanes");
        Object cost = c.get("OperationalCostPerKm");
        boolean fridge = (Boolean) c.get("RefrigerationCapacity");
        boolean monitor = (Boolean) c.get("TemperatureMonitoringSystems");
        Object annual = c.get("AnnualDeliveries");
        boolean iso = (Boolean) c.get("ISOCompliant");
        if (!iso) {
            return "Not Eligible"; // the last rule; no other rule matches a non-compliant carrier
        }
        if (gt(area, "2000") && gt(trucks, "10") && ge(planes, "1") && lt(cost, "5") && fridge && monitor
                && gt(annual, "45000")) {
            return "Rapid Logistics Inc.";
        }
        if (ge(area, "2000") && ge(trucks, "10") && gt(planes, "1") && ge(cost, "2") && !gt(cost, "3") && fridge
                && !monitor && ge(annual, "15000")) {
            return "PrimeWay Haulage";
        }
        if (ge(area, "2000") && lt(trucks, "10") && gt(planes, "1") && ge(cost, "1") && lt(cost, "2") && fridge
                && !monitor && ge(annual, "20000")) {
            return "Atlas Cargo Express";
        }
        if (ge(area, "1000") && lt(area, "2000") && ge(trucks, "5") && gt(planes, "1") && !gt(cost, "5") && fridge
                && !monitor && ge(annual, "15000")) {
            return "SkyBridge Freight";
        }
        boolean mid = ge(area, "500") && lt(area, "1000");
        if (mid && ge(trucks, "3") && gt(planes, "1") && !gt(cost, "3.5") && fridge && !monitor && ge(annual, "25000")) {
            return "Global Freight Solutions";
        }
        if (mid && ge(trucks, "3") && gt(planes, "1") && gt(cost, "3.5") && fridge && !monitor && ge(annual, "15000")) {
            return "Evergreen Transport Co.";
        }
        boolean small = lt(area, "500");
        if (small && ge(trucks, "2") && d(planes).signum() == 0 && lt(cost, "2") && !fridge && !monitor
                && ge(annual, "30000")) {
            return "Horizon Cargo Services";
        }
        if (small && ge(trucks, "1") && d(planes).signum() == 0 && lt(cost, "2") && fridge && !monitor
                && ge(annual, "10000")) {
            return "Velocity Transport Ltd.";
        }
        if (small && ge(trucks, "5") && ge(planes, "1") && lt(cost, "3") && !fridge && monitor && ge(annual, "30000")) {
            return "BlueLine Logistics";
        }
        return null;
    }

    /** A value in [0, max), or (one time in four) one of the thresholds the table compares with, or one off it. */
    static long pick(Random r, long max, long... thresholds) {
        if (r.nextInt(4) == 0) {
            return Math.max(0, thresholds[r.nextInt(thresholds.length)] + r.nextInt(3) - 1);
        }
        return (long) (r.nextDouble() * max);
    }

    static Map<String, Map<String, Object>> centers(long seed, int n) {
        Random r = new Random(seed);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            long cap = pick(r, 3000, 500, 1000);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("HubName", "Center " + i);
            c.put("Location", "Rome, IT");
            // stock as a share of capacity, often exactly on 10 %, 25 % or 50 % of it (Table I: a float, 265.0)
            BigDecimal share = r.nextInt(4) == 0 ? new BigDecimal(List.of("0.1", "0.25", "0.5").get(r.nextInt(3)))
                    : BigDecimal.valueOf(r.nextInt(80), 2);
            c.put("CurrentVaccineStockLevel", share.multiply(BigDecimal.valueOf(cap)).setScale(1, java.math.RoundingMode.HALF_UP));
            c.put("PopulationServed", pick(r, 80000, 1000, 5000, 20000, 30000, 50000));
            c.put("MaxStorageCapacity", cap);
            c.put("VaccinationProgress", pick(r, 60000, 5000, 10000, 20000, 45000));
            out.put("vc" + i, c);
        }
        return out;
    }

    static Map<String, Map<String, Object>> carriers(long seed, int n) {
        Random r = new Random(seed);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("CarrierName", "Carrier " + i);
            c.put("HeadquartersAddress", "Via Appia " + i + ", Rome");
            c.put("CoverageArea", BigDecimal.valueOf(pick(r, 30000, 5000, 10000, 20000), 1));
            c.put("NumberOfTrucks", pick(r, 16, 1, 2, 3, 5, 10));
            c.put("NumberOfPlanes", pick(r, 4, 0, 1));
            c.put("OperationalCostPerKm", BigDecimal.valueOf(pick(r, 60, 10, 20, 30, 35, 50), 1));
            c.put("RefrigerationCapacity", r.nextBoolean());
            c.put("TemperatureMonitoringSystems", r.nextBoolean());
            c.put("AnnualDeliveries", pick(r, 60000, 10000, 15000, 20000, 25000, 30000, 45000));
            c.put("ISOCompliant", r.nextInt(10) > 0);
            out.put("ca" + i, c);
        }
        return out;
    }

    static Map<String, Long> check(DecisionOutcome out, Map<String, Map<String, Object>> records,
                                   java.util.function.Function<Map<String, Object>, String> oracle) {
        assertThat(out.decisions()).hasSize(records.size());
        Map<String, Long> seen = new TreeMap<>();
        for (DecisionOutcome.RecordDecision d : out.decisions()) {
            String expected = oracle.apply(records.get(d.recordId()));
            assertThat(d.output()).as(d.recordId() + " " + records.get(d.recordId())).isEqualTo(expected);
            seen.merge(String.valueOf(expected), 1L, Long::sum);
        }
        assertThat(out.summary()).isEqualTo(seen);
        return seen;
    }

    @Test
    void restocking_everyRuleFiresAndMatchesTheOracle() {
        var records = centers(4, 1500);
        Map<String, Long> seen = check(spec.evaluate(spec.function("Restock"), records), records,
                VaccineLogisticsTest::restockOracle);
        assertThat(seen.keySet()).containsExactlyInAnyOrder("Immediate", "Needed soon", "Needed", "Medium priority",
                "Lower priority", "No need", "null");
    }

    @Test
    void carrierSelection_everyRuleFiresAndMatchesTheOracle() {
        var records = carriers(8, 6000);
        Map<String, Long> seen = check(spec.evaluate(spec.function("CarrierSelection"), records), records,
                VaccineLogisticsTest::carrierOracle);
        assertThat(seen.keySet()).containsExactlyInAnyOrder("Rapid Logistics Inc.", "PrimeWay Haulage",
                "Atlas Cargo Express", "SkyBridge Freight", "Global Freight Solutions", "Evergreen Transport Co.",
                "Horizon Cargo Services", "Velocity Transport Ltd.", "BlueLine Logistics", "Not Eligible", "null");
    }

    @Test
    void hubGetsDecisions_centersAndCarriersOnlyTheAggregatedOutcome() {
        DecisionFunction restock = spec.function("Restock");
        DecisionFunction carrier = spec.function("CarrierSelection");
        assertThat(restock.action()).isEqualTo("Restock(VaccinationCenter)");
        assertThat(spec.summarizable()).containsExactlyInAnyOrder("Restock", "CarrierSelection");
        assertThat(spec.permits(attrs("MedicalHub", "IT"), restock.action())).isTrue();
        assertThat(spec.permits(attrs("MedicalHub", "IT"), carrier.action())).isTrue();
        assertThat(spec.permits(attrs("VaccinationCenter", "IT"), restock.action())).isFalse();
        assertThat(spec.permits(attrs("VaccinationCenter", "IT"), DecisionSpecification.summarizeAction(restock))).isTrue();
        assertThat(spec.permits(attrs("Carrier", "IT"), carrier.action())).isFalse();
        assertThat(spec.permits(attrs("Carrier", "IT"), DecisionSpecification.summarizeAction(carrier))).isTrue();
        assertThat(spec.permits(attrs("Carrier", "IT"), DecisionSpecification.summarizeAction(restock))).isFalse();
        assertThat(spec.permits(attrs("Patient", "IT"), DecisionSpecification.summarizeAction(restock))).isFalse();
        assertThat(spec.permits(attrs("VaccinationCenter", "IT"), "provide(VaccinationCenter)")).isTrue();
        assertThat(spec.permits(attrs("Carrier", "IT"), "provide(Carrier)")).isTrue();
        assertThat(spec.permits(attrs("Carrier", "IT"), "provide(VaccinationCenter)")).isFalse();
    }

    @Test
    void summaryOnly_keepsCountsAndAggregatesButNoRecord() {
        var records = centers(4, 50);
        DecisionOutcome full = spec.evaluate(spec.function("Restock"), records);
        DecisionOutcome summary = full.summaryOnly();
        assertThat(summary.decisions()).isEmpty();
        assertThat(summary.summary()).isEqualTo(full.summary());
        assertThat(summary.summary().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(50);
        assertThat(new String(io.coalition.decisions.ccu.Ccu.json(summary), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("vc0").doesNotContain("Center");
    }

    @Test
    void lightCopies_keepOnlyTheTablesInputs() {
        assertThat(spec.decisionRelevantFields(spec.function("CarrierSelection"), carriers(1, 1).get("ca0").keySet()))
                .containsExactly("CoverageArea", "NumberOfTrucks", "NumberOfPlanes", "OperationalCostPerKm",
                        "RefrigerationCapacity", "TemperatureMonitoringSystems", "AnnualDeliveries", "ISOCompliant");
        assertThat(spec.decisionRelevantFields(spec.function("Restock"), centers(1, 1).get("vc0").keySet()))
                .containsExactly("CurrentVaccineStockLevel", "PopulationServed", "MaxStorageCapacity",
                        "VaccinationProgress");
    }

    @Test
    void summarizeOfAnUnknownFunction_isRejectedNamingTheFile() throws IOException {
        Path alfa = dir.resolve("bad.alfa");
        Files.writeString(alfa, Files.readString(dir.resolve("spec/campaign.alfa"))
                .replace("\"summarize(Restock)\"", "\"summarize(Restok)\""));
        List<Path> dmn = VaccineCampaign.CAMPAIGN_DMN.stream().map(n -> dir.resolve("spec").resolve(n)).toList();
        assertThatThrownBy(() -> DecisionSpecification.load(dmn, List.of(alfa), dir.resolve("bad-xacml")))
                .isInstanceOf(DecisionsException.class)
                .hasMessage(alfa + ": summarize(Restok): no decision function 'Restok' in the policy descriptor"
                        + " (functions: [PatientPrioritizationWithAggr, Restock, CarrierSelection])");
    }
}
