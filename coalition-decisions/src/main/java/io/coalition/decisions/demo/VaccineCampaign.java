package io.coalition.decisions.demo;

import io.coalition.decisions.DecisionsException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004's vaccine campaign specification as shipped files: the aggregation and prioritization DMN models
 * (Tables IV and V) and the ALFA descriptor (Listing 3), for the demo and for users to start from.
 */
public final class VaccineCampaign {
    public static final List<String> DMN = List.of("aggregations.dmn", "prioritization.dmn");
    public static final String ALFA = "vaccine.alfa";
    /** The whole campaign: patient prioritization, restocking (Table VII), carrier selection (Table VIII). */
    public static final List<String> CAMPAIGN_DMN =
            List.of("aggregations.dmn", "prioritization.dmn", "restocking.dmn", "carrier-selection.dmn");
    /** The campaign's descriptor: the three functions, their summaries and who provides which records. */
    public static final String CAMPAIGN_ALFA = "campaign.alfa";
    /**
     * Sample data to start from: {@code patient.json}, two input objects for {@code PatientPrioritizationWithAggr}
     * (aggregates given; rules Medium and Low), and {@code patients.json}, a provider's records (each with an {@code id}; High x5, Ineligible).
     */
    public static final List<String> SAMPLES = List.of("patient.json", "patients.json");

    private VaccineCampaign() {
    }

    /** Writes the specification files into {@code dir} (created); returns them, DMN files first, ALFA last. */
    public static List<Path> write(Path dir) {
        return write(dir, concat(DMN, ALFA));
    }

    /** Writes the whole campaign's files ({@link #CAMPAIGN_DMN}, then {@link #CAMPAIGN_ALFA}) into {@code dir}. */
    public static List<Path> writeCampaign(Path dir) {
        return write(dir, concat(CAMPAIGN_DMN, CAMPAIGN_ALFA));
    }

    /** Writes {@link #SAMPLES} into {@code dir} (created); returns them in that order. */
    public static List<Path> writeSamples(Path dir) {
        return write(dir, SAMPLES);
    }

    private static List<Path> write(Path dir, List<String> names) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (String name : names) {
                Path target = dir.resolve(name);
                try (InputStream in = VaccineCampaign.class.getResourceAsStream("/io/coalition/decisions/vaccine/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource " + name);
                    }
                    Path tmp = Files.createTempFile(dir, name, ".tmp");
                    try {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
                written.add(target);
            }
        } catch (IOException e) {
            throw new DecisionsException(dir + ": cannot write the vaccine specification: " + e.getMessage(), e);
        }
        return written;
    }

    private static List<String> concat(List<String> dmn, String alfa) {
        List<String> all = new ArrayList<>(dmn);
        all.add(alfa);
        return all;
    }
}
