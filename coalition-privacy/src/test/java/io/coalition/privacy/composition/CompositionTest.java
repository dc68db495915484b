package io.coalition.privacy.composition;

import io.coalition.privacy.Seeded;
import io.coalition.privacy.bprcs.BprcsParameters;
import io.coalition.privacy.bprcs.BprcsPublisher;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CompositionTest {

    /**
     * Internet purchase orders (seed 002 Fig. 1): the customer's location picks tax or customs, the PayMethod output
     * of the tax step the payment. BPRCS keeps a parameter's correlation only with the next service (dist_op is per
     * edge and the walk is first-order Markov), so a parameter that decides a later branch must be an output of the
     * service right before it.
     */
    static List<ExecutionSequence> orders(int n) {
        List<ExecutionSequence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean local = i % 3 != 0;
            boolean paypal = i % 2 == 0;
            String loc = local ? "local" : "international";
            List<Invocation> inv = new ArrayList<>();
            inv.add(new Invocation("ReceiveOrder", Map.of(),
                    Map.of("BuyerLoc", loc, "Card", Invocation.MASKED)));
            Map<String, String> pay = Map.of("PayMethod", paypal ? "paypal" : "card");
            inv.add(new Invocation(local ? "SalesTax" : "CustomsDuty", Map.of("BuyerLoc", loc), pay));
            inv.add(Invocation.of(paypal ? "PayPal" : "CreditCard"));
            inv.add(Invocation.of("Ship"));
            out.add(new ExecutionSequence("org" + i, inv));
        }
        return out;
    }

    @Test
    void id3_learnsTheLocationCondition() {
        List<DecisionTree.Instance> data = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            data.add(new DecisionTree.Instance(Map.of("BuyerLoc", i % 3 == 0 ? "international" : "local",
                    "Qty", Integer.toString(i % 4)), i % 3 == 0 ? "customs" : "tax"));
        }
        DecisionTree t = DecisionTree.learn(data);
        assertThat(t.features()).containsExactly("BuyerLoc");
        assertThat(t.classify(Map.of("BuyerLoc", "international"))).isEqualTo("customs");
        assertThat(Composition.xpath(t, "customs")).isEqualTo("$BuyerLoc = 'international'");
        assertThat(Composition.xpath(t, "tax")).isEqualTo("$BuyerLoc = 'local'");
        assertThat(Composition.xpath(t, "none")).isNull();
    }

    @Test
    void composesThePrivateSequences_withBranchConditions_intoBpmnAndBpel() throws Exception {
        BprcsParameters params = BprcsParameters.of(new BigDecimal("100000"), 1, 4).withParameterDomains(
                Map.of("BuyerLoc", List.of("local", "international"), "PayMethod", List.of("paypal", "card")));
        List<ExecutionSequence> priv = new BprcsPublisher(params)
                .publish(orders(90), new PrivacyAccountant(new BigDecimal("100000")), Seeded.random(31)).sequences();
        Composition.ComposedProcess p = Composition.compose(priv, 0.2);
        assertThat(p.tree().toString()).isEqualTo(
                "->( 'ReceiveOrder', X( 'SalesTax', 'CustomsDuty' ), X( 'CreditCard', 'PayPal' ), 'Ship' )");
        assertThat(p.splits()).hasSize(2);
        assertThat(p.splits().get(0).conditions())
                .containsExactly("$BuyerLoc = 'local'", "$BuyerLoc = 'international'");
        assertThat(p.splits().get(1).conditions()).containsExactly("$PayMethod = 'card'", "$PayMethod = 'paypal'");

        String bpmn = ProcessExports.bpmn(p);
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn.getBytes(StandardCharsets.UTF_8)));
        Bpmn.validateModel(model);
        List<String> conditions = model.getModelElementsByType(SequenceFlow.class).stream()
                .filter(f -> f.getConditionExpression() != null)
                .map(f -> f.getTarget().getAttributeValue("name") + " if " + f.getConditionExpression().getTextContent())
                .sorted().toList();
        assertThat(conditions).containsExactly("CreditCard if $PayMethod = 'card'", "CustomsDuty if $BuyerLoc = 'international'",
                "PayPal if $PayMethod = 'paypal'", "SalesTax if $BuyerLoc = 'local'");

        String bpel = ProcessExports.bpel(p, "InternetOrders");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(bpel.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo(ProcessExports.BPEL_NS);
        assertThat(doc.getElementsByTagNameNS(ProcessExports.BPEL_NS, "partnerLink").getLength()).isEqualTo(7);
        assertThat(doc.getElementsByTagNameNS(ProcessExports.BPEL_NS, "invoke").getLength()).isEqualTo(6);
        assertThat(bpel).contains("<condition>$BuyerLoc = 'international'</condition>",
                "<variable name=\"BuyerLoc\" type=\"xsd:string\"/>",
                "<copy><from variable=\"ReceiveOrder_response\" part=\"BuyerLoc\"/><to variable=\"BuyerLoc\"/></copy>",
                "<copy><from variable=\"SalesTax_response\" part=\"PayMethod\"/><to variable=\"PayMethod\"/></copy>");
        assertThat(bpel).doesNotContain("Card\"/></copy>");
    }

    /**
     * A realistic budget (eps 2, m 1, pruning at 3 scales): the noisy parameter histograms of edges that never carry
     * a parameter are pruned, and ID3's significance test keeps noise-made values out of the conditions. Before both,
     * this composition learned conjunctions over noise values of a masked parameter.
     */
    @Test
    void composesAtARealisticBudget_withoutNoiseMadeConditions_andMaskedValuesStayMasked() {
        BigDecimal eps = new BigDecimal("2");
        BprcsParameters params = BprcsParameters.of(eps, 1, 4).withPruneScales(3)
                .withWalk(BprcsParameters.Walk.END_AWARE).withParameterDomains(Map.of(
                        "BuyerLoc", List.of("local", "international"), "PayMethod", List.of("paypal", "card"),
                        "Card", List.of("visa")));
        List<ExecutionSequence> priv = new BprcsPublisher(params)
                .publish(orders(900), new PrivacyAccountant(eps), Seeded.random(32)).sequences();
        assertThat(priv).allSatisfy(s -> assertThat(s.invocations().get(0).outputs().get("Card"))
                .isIn(null, Invocation.MASKED));
        Composition.ComposedProcess p = Composition.compose(priv, 0.2);
        // The branch order of an XOR follows the (noisy) frequencies.
        assertThat(p.tree().toString()).isEqualTo(
                "->( 'ReceiveOrder', X( 'SalesTax', 'CustomsDuty' ), X( 'PayPal', 'CreditCard' ), 'Ship' )");
        // Each split tests only the parameter that decides it (a noise-made 'other' value may join a branch's
        // disjunction: it is a leaf of the right split, not a split on noise).
        assertThat(p.splits().get(0).conditions()).hasSize(2).allSatisfy(c ->
                assertThat(c.replaceAll("\\$BuyerLoc = '(local|international|other)'", "").replace(" or ", ""))
                        .isEmpty());
        assertThat(p.splits().get(0).conditions().get(0)).contains("$BuyerLoc = 'local'");
        assertThat(p.splits().get(1).conditions()).hasSize(2).allSatisfy(c ->
                assertThat(c.replaceAll("\\$PayMethod = '(paypal|card|other)'", "").replace(" or ", "")).isEmpty());
        assertThat(p.splits().get(1).conditions().get(0)).contains("$PayMethod = 'paypal'");
        assertThat(p.splits().get(1).conditions().get(1)).contains("$PayMethod = 'card'");
    }

    /**
     * Without parameters ID3 is one leaf: the majority branch gets {@code true()}, the first other branch is the
     * otherwise (default) branch, and a further branch ID3 never predicts must not leave the gateway unconditioned:
     * it gets {@code false()} in BPMN, as in BPEL.
     */
    @Test
    void branchesId3NeverPredicts_areNeverTakenInBpmnOrBpel() {
        List<ExecutionSequence> in = new ArrayList<>();
        for (int i = 0; i < 30; i++) in.add(ExecutionSequence.of("o" + i, "start", "a", "end"));
        for (int i = 0; i < 10; i++) in.add(ExecutionSequence.of("p" + i, "start", "b", "end"));
        for (int i = 0; i < 5; i++) in.add(ExecutionSequence.of("q" + i, "start", "c", "end"));
        Composition.ComposedProcess p = Composition.compose(in, 0);
        assertThat(p.splits()).hasSize(1);
        Composition.Split split = p.splits().get(0);
        int a = indexOf(split, "a");
        int b = indexOf(split, "b");
        int c = indexOf(split, "c");
        assertThat(split.conditions().get(a)).isEqualTo("true()");
        assertThat(split.conditions().get(b)).isNull();
        assertThat(split.conditions().get(c)).isNull();
        assertThat(ProcessExports.otherwiseBranch(split)).isEqualTo(Math.min(b, c));

        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(
                ProcessExports.bpmn(p).getBytes(StandardCharsets.UTF_8)));
        Bpmn.validateModel(model);
        var gateway = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.ExclusiveGateway.class).stream()
                .filter(g -> g.getOutgoing().size() == 3).findFirst().orElseThrow();
        String otherwise = split.branchStarts().get(Math.min(b, c)).iterator().next();
        String never = otherwise.equals("b") ? "c" : "b";
        for (SequenceFlow f : gateway.getOutgoing()) {
            String target = f.getTarget().getName();
            if (target.equals(otherwise)) {
                assertThat(gateway.getDefault()).isSameAs(f);
                assertThat(f.getConditionExpression()).isNull();
            } else {
                assertThat(f.getConditionExpression().getTextContent()).isEqualTo(target.equals("a") ? "true()" : "false()");
                assertThat(target).isIn("a", never);
            }
        }
        String bpel = ProcessExports.bpel(p, "abc", "abc.wsdl");
        assertThat(bpel).contains("<condition>true()</condition>", "<condition>false()</condition>", "<else>");
    }

    private static int indexOf(Composition.Split s, String start) {
        for (int i = 0; i < s.branchStarts().size(); i++) if (s.branchStarts().get(i).contains(start)) return i;
        throw new AssertionError("no branch starts with " + start);
    }

    /**
     * The Alpha miner (seed 002 names alpha and inductive): on the original purchase orders its net has one place
     * choosing tax or customs and one choosing the payment; ID3 learns both conditions there, the BPMN export of the
     * net carries them, and BPEL is refused (a Petri net is not block-structured).
     */
    @Test
    void alphaComposition_learnsConditionsAtChoicePlaces_andExportsBpmnOnly() throws Exception {
        Composition.ComposedProcess p = Composition.composeAlpha(orders(90));
        assertThat(p.tree()).isNull();
        assertThat(p.splits()).extracting(s -> s.branchStarts().toString() + " " + s.conditions()).containsExactlyInAnyOrder(
                "[[CustomsDuty], [SalesTax]] [$BuyerLoc = 'international', $BuyerLoc = 'local']",
                "[[CreditCard], [PayPal]] [$PayMethod = 'card', $PayMethod = 'paypal']");
        assertThat(p.splits()).allSatisfy(s -> assertThat(s.instances()).isEqualTo(90));
        String bpmn = ProcessExports.bpmn(p);
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn.getBytes(StandardCharsets.UTF_8)));
        Bpmn.validateModel(model);
        assertThat(model.getModelElementsByType(SequenceFlow.class).stream()
                .filter(f -> f.getConditionExpression() != null)
                .map(f -> f.getTarget().getName() + ": " + f.getConditionExpression().getTextContent()))
                .containsExactlyInAnyOrder("CustomsDuty: $BuyerLoc = 'international'", "SalesTax: $BuyerLoc = 'local'",
                        "CreditCard: $PayMethod = 'card'", "PayPal: $PayMethod = 'paypal'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProcessExports.bpel(p, "orders"))
                .isInstanceOf(io.coalition.privacy.PrivacyException.class)
                .hasMessage("WS-BPEL export needs a block-structured model: compose with the inductive miner (the "
                        + "Alpha miner's Petri net exports to BPMN only)");
    }
}
