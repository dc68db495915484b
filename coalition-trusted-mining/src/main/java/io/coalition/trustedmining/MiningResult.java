package io.coalition.trustedmining;

import io.coalition.mining.declare.DeclareConformance;
import io.coalition.mining.declare.DeclareModel;
import io.coalition.mining.dfg.Dfg;
import io.coalition.mining.heuristics.HeuristicsNet;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.trust.attestation.AttestationResult;
import io.coalition.trust.notary.Receipt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the Trusted Miner returns to the requester: models only, never events, with the measurement it ran
 * under, each provider's attestation verdict and the notary receipts of every release. {@code unavailable} names
 * the providers that stayed unreachable (then {@link #partial()}; {@code incompleteCases} were merged from the
 * events that did arrive).
 */
public record MiningResult(String requester, String minerMeasurement, Set<Analysis> analyses, int cases, long events,
                           List<ProviderReport> providers, List<String> unavailable, int incompleteCases,
                           Optional<HeuristicsNet> heuristics,
                           Optional<AcceptingPetriNet> heuristicsPetriNet, Optional<Dfg> dfg,
                           Optional<ProcessTree> inductiveTree, Optional<AcceptingPetriNet> inductivePetriNet,
                           Optional<DeclareModel> declare, Optional<DeclareConformance.LogResult> declareConformance) {
    public MiningResult {
        analyses = Set.copyOf(analyses);
        providers = List.copyOf(providers);
        unavailable = List.copyOf(unavailable);
    }

    /** True when a provider stayed unavailable: the models then describe only what arrived. */
    public boolean partial() {
        return !unavailable.isEmpty();
    }

    /**
     * One provider's part: its session, how many segments and events it released, how many merged cases it
     * contributed events to, how many cases its usage policy released (its case index's count, cases without events
     * included), its verdict on the miner and the receipts (index first, then segments in order).
     */
    public record ProviderReport(String organization, String session, int segments, long events, int cases,
                                 int releasedCases, AttestationResult attestation, List<Receipt> receipts) {
        public ProviderReport {
            receipts = List.copyOf(receipts);
        }
    }

    /** Events per organization, in provider order. */
    public Map<String, Long> eventsPerProvider() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (ProviderReport p : providers) m.put(p.organization(), p.events());
        return m;
    }
}
