package io.coalition.mining.petri;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads CONFINE's reference Heuristics Miner output from COALITION_DATA (default ../shared/data). */
class ConfineReferencePnmlTest {
    static Path data() {
        String env = System.getenv("COALITION_DATA");
        Path base = Path.of(env != null ? env : "../../shared/data");
        if (!Files.isDirectory(base) && env == null) base = Path.of("../shared/data");
        return base;
    }

    @Test
    void readsTheReferenceNet() {
        Path f = data().resolve("interorg/confine/reference-outputs/heuristicsMiner_output.pnml");
        Assumptions.assumeTrue(Files.isRegularFile(f), "COALITION_DATA not available: " + f.toAbsolutePath());
        AcceptingPetriNet apn = Pnml.read(f);
        assertThat(apn.net().places()).hasSize(20);
        assertThat(apn.net().transitions()).hasSize(19).noneMatch(PetriNet.Transition::isInvisible);
        assertThat(apn.net().arcs()).hasSize(41);
        assertThat(apn.net().transition("Patient_hospitalised").label()).isEqualTo("Patient hospitalised");
        assertThat(apn.net().postset("P0")).containsExactly("Patient_hospitalised");
        assertThat(apn.initial().isEmpty()).isTrue();
    }
}
