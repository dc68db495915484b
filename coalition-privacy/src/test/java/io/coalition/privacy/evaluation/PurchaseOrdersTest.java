package io.coalition.privacy.evaluation;

import io.coalition.mining.tree.ProcessTree;
import io.coalition.privacy.Seeded;
import io.coalition.privacy.bprcs.BprcsParameters;
import io.coalition.privacy.bprcs.BprcsPublisher;
import io.coalition.privacy.sequence.ExecutionSequence;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PurchaseOrdersTest {
    @Test
    void generator_followsTheDependencyGraph() {
        List<ExecutionSequence> d = PurchaseOrders.generate(200, 3, Seeded.random(51));
        assertThat(d).hasSize(600);
        assertThat(d.stream().map(ExecutionSequence::organization).distinct()).hasSize(200);
        assertThat(PurchaseOrders.terminals(d)).containsExactlyInAnyOrderElementsOf(PurchaseOrders.TERMINALS);
        for (ExecutionSequence s : d) {
            List<String> v = s.services();
            assertThat(v.size()).isBetween(8, 10);
            assertThat(PurchaseOrders.ORDER).contains(v.get(0));
            assertThat(PurchaseOrders.TERMINALS).contains(v.get(v.size() - 1));
            boolean intl = s.invocations().get(0).outputs().get("BuyerLoc").equals("international");
            // Mutual exclusion: exactly one payment; customs and duty payment exactly for international orders.
            assertThat(v.stream().filter(PurchaseOrders.PAYMENT::contains)).hasSize(1);
            assertThat(v.stream().filter(PurchaseOrders.CUSTOMS::contains)).hasSize(intl ? 1 : 0);
            assertThat(v.stream().filter(PurchaseOrders.DUTY::contains)).hasSize(intl ? 1 : 0);
            // Dependence: settlement after payment, payment after the price computation.
            int pay = indexOfAny(v, PurchaseOrders.PAYMENT);
            assertThat(indexOfAny(v, PurchaseOrders.SALES_TAX)).isLessThan(pay);
            assertThat(indexOfAny(v, PurchaseOrders.SHIPMENT)).isGreaterThan(pay);
        }
    }

    static int indexOfAny(List<String> v, List<String> names) {
        for (int i = 0; i < v.size(); i++) if (names.contains(v.get(i))) return i;
        return -1;
    }

    @Test
    void endsOfATree_skipOptionalTails() {
        ProcessTree t = ProcessTree.sequence(ProcessTree.activity("a"),
                ProcessTree.xor(ProcessTree.activity("b"), ProcessTree.activity("c")),
                ProcessTree.xor(ProcessTree.tau(), ProcessTree.activity("d")));
        assertThat(TerminatingStates.ends(t)).containsExactlyInAnyOrder("b", "c", "d");
    }

    @Test
    void table2_recallReachesAllTerminalsWithLittleNoise() {
        List<TerminatingStates.Row> rows = TerminatingStates.table(List.of(500), List.of(new BigDecimal("1000")), 3, 2, 52, TerminatingStates.Miner.INDUCTIVE,
                (e, m) -> new BprcsPublisher(BprcsParameters.of(e, m, 10)), Seeded.random(52));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).recall().mean()).isEqualTo(100.0);
        assertThat(rows.get(0).precision().mean()).isBetween(0.0, 100.0);
    }
}
