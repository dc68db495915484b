package io.coalition.app;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.LogFiles;
import io.coalition.eventlog.io.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class PrivacyCommandTest {
    @TempDir
    Path tmp;

    Path csvLog() throws Exception {
        StringBuilder sb = new StringBuilder("case,activity,timestamp\n");
        for (int i = 0; i < 40; i++) {
            String[] acts = i % 2 == 0 ? new String[] {"receive", "tax", "ship"} : new String[] {"receive", "customs", "ship"};
            for (int j = 0; j < acts.length; j++) {
                sb.append("c").append(i).append(',').append(acts[j]).append(",2024-01-01T00:0").append(j).append(":00Z\n");
            }
        }
        Path p = tmp.resolve("orders.csv");
        Files.writeString(p, sb);
        return p;
    }

    @Test
    void publish_writesTheSanitizedLog_andReportsNoiseAndBudget() throws Exception {
        Path out = tmp.resolve("private.xes");
        MainTest.Result r = run("privacy", "publish", "--epsilon", "1000", "--per-org-limit", "1", "--max-length", "3",
                csvLog().toString(), out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("input:     40 sequences, 40 used, 0 dropped by --per-org-limit 1, 0 truncated to 3",
                "noise:     edge counts c(e): epsilon 600, sensitivity 2, discrete Laplace scale 1/300, 16 cells",
                "noise:     start lengths slen(v): epsilon 400, sensitivity 1, discrete Laplace scale 1/400, 12 cells",
                "budget:    epsilon 1000 of 1000 spent", "published: ", out.toString());
        EventLog priv = LogFiles.read(out, ReadOptions.DEFAULT);
        assertThat(priv.traces()).hasSize(40);
        assertThat(priv.traces()).allSatisfy(t -> assertThat(t.events().get(0).activity()).isEqualTo("receive"));
    }

    @Test
    void publish_withABudgetLedger_refusesTheRunThatWouldOverspendBeforeWritingAnything() throws Exception {
        Path log = csvLog();
        Path ledger = tmp.resolve("budget").resolve("ledger.json");
        String key = io.coalition.privacy.noise.BudgetLedger.datasetOf(log);
        MainTest.Result first = run("privacy", "publish", "--epsilon", "0.6", "--budget-ledger", ledger.toString(),
                "--total-budget", "1", "--alphabet", "receive,tax,customs,ship", log.toString(),
                tmp.resolve("a.xes").toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("ledger:    " + key + ": epsilon 0.6 of 1 spent over 1 releases, 0.4 left ("
                + ledger + ")");
        byte[] afterFirst = Files.readAllBytes(ledger);

        Path second = tmp.resolve("b.xes");
        MainTest.Result refused = run("privacy", "publish", "--epsilon", "0.5", "--budget-ledger", ledger.toString(),
                "--alphabet", "receive,tax,customs,ship", log.toString(), second.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("coalition: privacy budget exceeded for dataset " + key + " in ledger "
                + ledger + ": this release asks epsilon 0.5 but only 0.4 of 1 is left after 1 earlier releases"
                + System.lineSeparator());
        assertThat(second).doesNotExist();
        assertThat(Files.readAllBytes(ledger)).isEqualTo(afterFirst);

        MainTest.Result rest = run("privacy", "publish", "--epsilon", "0.4", "--budget-ledger", ledger.toString(),
                "--alphabet", "receive,tax,customs,ship", log.toString(), second.toString());
        assertThat(rest.exit()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("epsilon 1 of 1 spent over 2 releases, 0 left");
        assertThat(second).exists();

        MainTest.Result noLedger = run("privacy", "publish", "--epsilon", "1", "--total-budget", "2", log.toString(),
                tmp.resolve("c.xes").toString());
        assertThat(noLedger.exit()).isEqualTo(2);
        assertThat(noLedger.err()).isEqualTo("coalition: --total-budget and --dataset need --budget-ledger"
                + System.lineSeparator());
    }

    @Test
    void publish_withoutAlphabet_warnsThatTheDomainIsDataDerived() throws Exception {
        MainTest.Result r = run("privacy", "publish", "--epsilon", "1", csvLog().toString(),
                tmp.resolve("o.xes").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("coalition: warning: no --alphabet: the activity domain is taken from the data "
                + "and is not covered by the differential privacy guarantee (a service only one organization uses can "
                + "appear in the release)" + System.lineSeparator());
        assertThat(r.out()).contains("domain:    4 activities taken from the data (not covered by the guarantee)");
    }

    @Test
    void publish_withAnAlphabetFile_noisesEveryEntry_alsoThoseAbsentFromTheData() throws Exception {
        Path alphabet = tmp.resolve("alphabet.txt");
        Files.writeString(alphabet, "receive\ntax\ncustoms\nship\nrefund\n");
        Path out = tmp.resolve("private.xes");
        MainTest.Result r = run("privacy", "publish", "--epsilon", "1000", "--per-org-limit", "1", "--max-length", "3",
                "--alphabet", alphabet.toString(), csvLog().toString(), out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        // 5 activities: 25 edge cells and 5 x 3 slen cells, "refund" included.
        assertThat(r.out()).contains("domain:    5 activities from --alphabet, 0 invocations outside it dropped",
                "noise:     edge counts c(e): epsilon 600, sensitivity 2, discrete Laplace scale 1/300, 25 cells",
                "noise:     start lengths slen(v): epsilon 400, sensitivity 1, discrete Laplace scale 1/400, 15 cells");
        assertThat(LogFiles.read(out, ReadOptions.DEFAULT).traces()).hasSize(40);
    }

    @Test
    void publish_activityOutsideTheAlphabet_isRefusedWithTheActivityAndSequenceNamed() throws Exception {
        Path out = tmp.resolve("o.xes");
        MainTest.Result r = run("privacy", "publish", "--epsilon", "1", "--alphabet", "receive,tax,ship",
                csvLog().toString(), out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: activity 'customs' at position 2 of sequence 1 (organization case:c1) "
                + "is not in the public alphabet of 3 activities; add it to the alphabet or drop unknown activities"
                + System.lineSeparator());
        assertThat(out).doesNotExist();

        MainTest.Result dropped = run("privacy", "publish", "--epsilon", "1000", "--per-org-limit", "1",
                "--max-length", "3", "--alphabet", "receive,tax,ship", "--drop-unknown", csvLog().toString(),
                out.toString());
        assertThat(dropped.exit()).as(dropped.err()).isZero();
        assertThat(dropped.out()).contains("domain:    3 activities from --alphabet, 20 invocations outside it dropped");
        assertThat(LogFiles.read(out, ReadOptions.DEFAULT).traces()).allSatisfy(t -> assertThat(t.events())
                .noneMatch(e -> e.activity().equals("customs")));

        MainTest.Result noAlphabet = run("privacy", "publish", "--epsilon", "1", "--drop-unknown",
                csvLog().toString(), tmp.resolve("o2.xes").toString());
        assertThat(noAlphabet.exit()).isEqualTo(2);
        assertThat(noAlphabet.err()).isEqualTo("coalition: --drop-unknown needs --alphabet" + System.lineSeparator());
    }

    @Test
    void publish_badParameterDomain_exitsWithTheOptionNamed() throws Exception {
        MainTest.Result r = run("privacy", "publish", "--epsilon", "1", "--parameter", "Loc",
                csvLog().toString(), tmp.resolve("o.xes").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: --parameter 'Loc': expected NAME=V1,V2,..." + System.lineSeparator());
        assertThat(tmp.resolve("o.xes")).doesNotExist();
    }

    @Test
    void publish_nonPositiveEpsilon_isRefused() throws Exception {
        MainTest.Result r = run("privacy", "publish", "--epsilon", "0", csvLog().toString(), tmp.resolve("o.xes").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: epsilon must be positive, got 0" + System.lineSeparator());
    }

    @Test
    void publishThenCompose_writesBpmnWithConditionsAndBpel() throws Exception {
        StringBuilder sb = new StringBuilder("case,activity,timestamp,out:Loc\n");
        for (int i = 0; i < 60; i++) {
            boolean local = i % 3 != 0;
            sb.append("c").append(i).append(",receive,2024-01-01T00:00:00Z,").append(local ? "local" : "abroad").append('\n');
            sb.append("c").append(i).append(',').append(local ? "tax" : "customs").append(",2024-01-01T00:01:00Z,\n");
            sb.append("c").append(i).append(",ship,2024-01-01T00:02:00Z,\n");
        }
        Path in = tmp.resolve("orders.csv");
        Files.writeString(in, sb);
        Path priv = tmp.resolve("private.xes");
        MainTest.Result p = run("privacy", "publish", "--epsilon", "100000", "--per-org-limit", "1", "--max-length", "3",
                "--parameter", "Loc=local,abroad", in.toString(), priv.toString());
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.out()).contains("noise:     parameter distributions dist_ip/dist_op: epsilon 25000, sensitivity 4");
        Path bpmn = tmp.resolve("model.bpmn");
        Path bpel = tmp.resolve("process.bpel");
        MainTest.Result c = run("privacy", "compose", priv.toString(), "-o", bpmn.toString(), "--bpel", bpel.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        // Branch order follows first occurrence in the (randomly regenerated) private log.
        assertThat(c.out()).containsAnyOf("model:     ->( 'receive', X( 'tax', 'customs' ), 'ship' )",
                "model:     ->( 'receive', X( 'customs', 'tax' ), 'ship' )");
        assertThat(c.out()).contains("condition: tax -> $Loc = 'local'", "condition: customs -> $Loc = 'abroad'", "bpmn:      " + bpmn,
                "bpel:      " + bpel);
        assertThat(Files.readString(bpmn)).contains("conditionExpression", "$Loc = 'abroad'");
        assertThat(Files.readString(bpel)).contains("<condition>$Loc = 'local'</condition>");
    }

    @Test
    void publishWithThePrefixTree_releasesParametersPerVariant_andComposes() throws Exception {
        StringBuilder sb = new StringBuilder("case,activity,timestamp,out:Loc\n");
        for (int i = 0; i < 60; i++) {
            boolean local = i % 3 != 0;
            sb.append("c").append(i).append(",receive,2024-01-01T00:00:00Z,").append(local ? "local" : "abroad").append('\n');
            sb.append("c").append(i).append(",check,2024-01-01T00:01:00Z,\n");
            sb.append("c").append(i).append(',').append(local ? "tax" : "customs").append(",2024-01-01T00:02:00Z,\n");
        }
        Path in = tmp.resolve("orders.csv");
        Files.writeString(in, sb);
        Path priv = tmp.resolve("private.xes");
        MainTest.Result p = run("privacy", "publish", "--mechanism", "prefix_tree", "--epsilon", "100000",
                "--per-org-limit", "1", "--max-length", "3", "--parameter", "Loc=local,abroad", in.toString(), priv.toString());
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(p.out()).contains("noise:     prefix tree counts (3 levels): epsilon 75000/3 per level, sensitivity 1",
                "noise:     parameter distributions per released variant: epsilon 25000, sensitivity 6",
                "budget:    epsilon 100000 of 100000 spent", "published: 60 sequences");
        Path bpmn = tmp.resolve("model.bpmn");
        MainTest.Result c = run("privacy", "compose", priv.toString(), "-o", bpmn.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        // The location is an output of the first service and decides the branch after the second: kept.
        assertThat(c.out()).contains("condition: tax -> $Loc = 'local'", "condition: customs -> $Loc = 'abroad'");
    }

    @Test
    void evaluateTerminals_writesTable2_withMeanAndStd_andPlots() throws Exception {
        Path out = tmp.resolve("table2.csv");
        Path plots = tmp.resolve("plots");
        MainTest.Result r = run("privacy", "evaluate", "terminals", "--bps", "200", "--epsilon", "1000", "--runs", "2",
                "--seed", "3", "--prune", "0", "--walk", "end_aware", "-o", out.toString(), "--plots", plots.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).containsExactly("bps,epsilon,runs,precision_mean,precision_std,recall_mean,recall_std,no_ends",
                "200,1000,2,100.0,0.0,100.0,0.0,0");
        assertThat(r.out()).contains("table:     " + out, "plot:      " + plots.resolve("table2-precision.png"),
                "plot:      " + plots.resolve("table2-recall.png"));
        assertThat(ImageIO.read(plots.resolve("table2-recall.png").toFile()).getWidth()).isEqualTo(800);
    }

    @Test
    void evaluatePatterns_andPatternsByBps_writeFigures5And6() throws Exception {
        Path fig5 = tmp.resolve("fig5.csv");
        MainTest.Result r = run("privacy", "evaluate", "patterns", "--bps", "300", "--epsilon", "1,100000", "--support",
                "0.01,0.02", "--runs", "2", "--seed", "4", "-o", fig5.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(fig5);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).startsWith("300,1,1,0.02,0.01,2,");
        assertThat(lines.get(4)).startsWith("300,1,100000,0.02,0.02,2,");

        Path fig6 = tmp.resolve("fig6.csv");
        Path plots = tmp.resolve("plots");
        MainTest.Result r6 = run("privacy", "evaluate", "patterns-by-bps", "--bps", "100,200", "--per-bp", "1,3",
                "--mechanism", "prefix_tree", "--prune", "0", "--epsilon", "100000", "--support", "0.02", "--runs", "1",
                "-o", fig6.toString(), "--plots", plots.toString());
        assertThat(r6.exit()).as(r6.err()).isZero();
        List<String> l6 = Files.readAllLines(fig6);
        assertThat(l6).hasSize(5);
        // Negligible noise and whole variants: every frequent pattern is found, exactly.
        assertThat(l6.subList(1, 5)).allSatisfy(l -> assertThat(l).endsWith(",100.00,0.00,100.00,0.00"));
        assertThat(plots.resolve("figure6-recall.png")).exists();
    }

    @Test
    void evaluateUtility_withPm4py22Imf_hasTravasBaselineRow() throws Exception {
        // TraVaS ran pm4py 2.2's IMf: its published Sepsis baseline is fitness 0.9521, precision 0.4883
        Path out = tmp.resolve("travas.csv");
        MainTest.Result r = run("privacy", "evaluate", "utility", TestData.require("dp/amun/Sepsis.xes").toString(),
                "--inductive-variant", "pm4py-2.2", "--epsilon", "1", "--runs", "1", "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out).get(1)).isEqualTo("original,1,0,1050.0,0.9521,0.0000,0.4883,0.0000");
        MainTest.Result bad = run("privacy", "evaluate", "utility", csvLog().toString(), "--inductive-variant", "x",
                "-o", out.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("expected im-clean, im-clean-late, pm4py-2.2, pm4py-2.7, pm4py-imdf or prom but was 'x'");
    }

    @Test
    void evaluateUtility_onACsvLog_reportsTheBaselineAndEachEpsilon() throws Exception {
        Path out = tmp.resolve("utility.csv");
        Path runs = tmp.resolve("runs.csv");
        MainTest.Result r = run("privacy", "evaluate", "utility", csvLog().toString(), "--epsilon", "1000,2000",
                "--runs", "2", "--max-length", "3", "-o", out.toString(), "--runs-csv", runs.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo(
                "epsilon,runs,missing,private_traces_mean,fitness_mean,fitness_std,precision_mean,precision_std");
        assertThat(lines.get(1)).isEqualTo("original,1,0,40.0,1.0000,0.0000,1.0000,0.0000");
        assertThat(lines.get(2)).startsWith("1000,2,0,40.0,1.0000,0.0000,");
        assertThat(Files.readAllLines(runs)).hasSize(5);
    }

    @Test
    void evaluate_zeroRuns_isRefused() throws Exception {
        Path out = tmp.resolve("t.csv");
        MainTest.Result r = run("privacy", "evaluate", "terminals", "--runs", "0", "-o", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: --runs must be at least 1, got 0" + System.lineSeparator());
        assertThat(out).doesNotExist();
    }

    @Test
    void compose_branchesWithoutACondition_areTheOtherwiseBranchOrNever() throws Exception {
        StringBuilder sb = new StringBuilder("case,activity,timestamp\n");
        for (int i = 0; i < 45; i++) {
            String mid = i < 30 ? "a" : i < 40 ? "b" : "c";
            sb.append("c").append(i).append(",start,2024-01-01T00:00:00Z\n");
            sb.append("c").append(i).append(',').append(mid).append(",2024-01-01T00:01:00Z\n");
            sb.append("c").append(i).append(",end,2024-01-01T00:02:00Z\n");
        }
        Path in = tmp.resolve("abc.csv");
        Files.writeString(in, sb);
        MainTest.Result c = run("privacy", "compose", in.toString(), "-o", tmp.resolve("abc.bpmn").toString(),
                "--noise", "0");
        assertThat(c.exit()).as(c.err()).isZero();
        // No parameter: ID3 is one leaf predicting the majority branch a.
        assertThat(c.out()).contains("condition: a -> true()", "(otherwise)", "(never: ID3 predicts it for no case)");
    }

    @Test
    void composeWithAlpha_writesBpmnWithConditions_andRefusesBpel() throws Exception {
        StringBuilder sb = new StringBuilder("case,activity,timestamp,out:Loc\n");
        for (int i = 0; i < 60; i++) {
            boolean local = i % 3 != 0;
            sb.append("c").append(i).append(",receive,2024-01-01T00:00:00Z,").append(local ? "local" : "abroad").append('\n');
            sb.append("c").append(i).append(',').append(local ? "tax" : "customs").append(",2024-01-01T00:01:00Z,\n");
            sb.append("c").append(i).append(",ship,2024-01-01T00:02:00Z,\n");
        }
        Path in = tmp.resolve("orders.csv");
        Files.writeString(in, sb);
        Path bpmn = tmp.resolve("alpha.bpmn");
        MainTest.Result c = run("privacy", "compose", in.toString(), "-o", bpmn.toString(), "--miner", "alpha");
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("model:     Alpha workflow net, 4 places, 4 transitions",
                "condition: customs -> $Loc = 'abroad'", "condition: tax -> $Loc = 'local'", "bpmn:      " + bpmn);
        assertThat(Files.readString(bpmn)).contains("$Loc = 'abroad'", "$Loc = 'local'");
        Path bpel = tmp.resolve("alpha.bpel");
        MainTest.Result refused = run("privacy", "compose", in.toString(), "-o", tmp.resolve("a2.bpmn").toString(),
                "--miner", "alpha", "--bpel", bpel.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("coalition: --bpel needs --miner inductive: WS-BPEL is block-structured "
                + "and the Alpha miner's Petri net is not" + System.lineSeparator());
        assertThat(tmp.resolve("a2.bpmn")).doesNotExist();
        assertThat(bpel).doesNotExist();
    }

    @Test
    void compose_writesTheWsdlBesideTheBpel() throws Exception {
        Path bpmn = tmp.resolve("model.bpmn");
        Path bpel = tmp.resolve("out/process.bpel");
        MainTest.Result c = run("privacy", "compose", csvLog().toString(), "-o", bpmn.toString(), "--bpel", bpel.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        Path wsdl = tmp.resolve("out/process.wsdl");
        assertThat(c.out()).contains("wsdl:      " + wsdl);
        assertThat(Files.readString(bpel)).contains("<import namespace=\"urn:coalition:composed:orders:services\" "
                + "location=\"process.wsdl\" importType=\"http://schemas.xmlsoap.org/wsdl/\"/>");
        assertThat(Files.readString(wsdl)).contains("targetNamespace=\"urn:coalition:composed:orders:services\"",
                "<plnk:partnerLinkType name=\"taxLT\">");
    }

    @Test
    void publishMarkov_releasesEveryOrder_andRefusesParameters() throws Exception {
        Path out = tmp.resolve("markov.xes");
        MainTest.Result r = run("privacy", "publish", "--epsilon", "1000", "--per-org-limit", "1", "--max-length", "3",
                "--mechanism", "markov", "--order", "2", csvLog().toString(), out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(
                "noise:     order-1 transition counts (context of 1 services -> next or end): epsilon 500, sensitivity 4, "
                        + "discrete Laplace scale 1/125",
                "noise:     order-2 transition counts (context of 2 services -> next or end): epsilon 500, sensitivity 4",
                "budget:    epsilon 1000 of 1000 spent", "published: 40 sequences");
        assertThat(LogFiles.read(out, ReadOptions.DEFAULT).traces()).allSatisfy(t ->
                assertThat(t.events()).hasSize(3));
        MainTest.Result bad = run("privacy", "publish", "--epsilon", "1", "--mechanism", "markov", "--parameter",
                "Loc=a,b", csvLog().toString(), tmp.resolve("o.xes").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("coalition: --parameter is not supported with --mechanism markov (it releases "
                + "activities only); use bprcs or prefix_tree" + System.lineSeparator());
        assertThat(tmp.resolve("o.xes")).doesNotExist();
    }

    @Test
    void evaluateUtility_withPublished_addsTheSaCoFaAndTraVaSColumns() throws Exception {
        Path md = tmp.resolve("published.md");
        StringBuilder sb = new StringBuilder();
        for (String measure : List.of("Fitness", "Precision")) {
            sb.append("### Sepsis - ").append(measure).append("\n\n");
            for (String method : List.of("TraVaS", "uTraVaS", "SaCoFa")) {
                sb.append(method).append("\n\n| epsilon \\ delta | 0.5 | 0.05 |\n|---|---|---|\n")
                        .append("| 1000 | 0.1 | ").append(method.equals("SaCoFa") ? "0.7" : "0.6").append(" |\n\n");
            }
        }
        Files.writeString(md, sb);
        Path out = tmp.resolve("utility.csv");
        MainTest.Result r = run("privacy", "evaluate", "utility", csvLog().toString(), "--epsilon", "1000,2000",
                "--runs", "1", "--max-length", "3", "--published", md.toString(), "--published-log", "Sepsis",
                "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).endsWith(",sacofa_fitness,sacofa_precision,travas_fitness,travas_precision");
        assertThat(lines.get(1)).endsWith(",,,,");
        assertThat(lines.get(2)).startsWith("1000,").endsWith(",0.7000,0.7000,0.6000,0.6000");
        assertThat(lines.get(3)).startsWith("2000,").endsWith(",,,,");

        MainTest.Result bad = run("privacy", "evaluate", "utility", csvLog().toString(), "--runs", "1",
                "--published", md.toString(), "-o", tmp.resolve("u2.csv").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("coalition: --published-log is needed: cannot tell from 'orders.csv' whether "
                + "it is Sepsis or BPIC13" + System.lineSeparator());
    }
}
