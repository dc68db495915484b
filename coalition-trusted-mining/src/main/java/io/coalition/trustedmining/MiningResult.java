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
     * contributed events to, how many of those also had events from another provider ({@code sharedCases}), how
     * many cases its usage policy released (its case index's count, cases without events included), its verdict on
     * the miner and the receipts (index first, then segments in order).
     */
    public record ProviderReport(String organization, String session, int segments, long events, int cases,
                                 int sharedCases, int releasedCases, AttestationResult attestation,
                                 List<Receipt> receipts) {
        public ProviderReport {
            receipts = List.copyOf(receipts);
        }
    }

    /**
     * What looks wrong although every check passed: with two or more providers contributing events, a provider none
     * of whose cases met another provider's. Inter-organizational cases are shared by definition, so its case ids
     * are most likely other ids than the others' (its {@code --merge-key} names another attribute); its events were
     * mined as cases of their own. One line per such provider, in provider order.
     */
    public List<String> warnings() {
        long contributing = providers.stream().filter(p -> p.cases() > 0).count();
        if (contributing < 2) return List.of();
        List<String> out = new java.util.ArrayList<>();
        for (ProviderReport p : providers) {
            if (p.cases() > 0 && p.sharedCases() == 0) {
                out.add("provider " + p.organization() + ": none of its " + p.cases() + " cases shares a case id with"
                        + " another organization, so its events were mined as cases of their own; check that its"
                        + " --merge-key names the attribute that holds the shared case ids");
            }
        }
        return out;
    }

    /** Events per organization, in provider order. */
    public Map<String, Long> eventsPerProvider() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (ProviderReport p : providers) m.put(p.organization(), p.events());
        return m;
    }
}
