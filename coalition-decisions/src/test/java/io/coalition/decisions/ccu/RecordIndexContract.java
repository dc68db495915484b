package io.coalition.decisions.ccu;

import io.coalition.trust.cas.Cid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link RecordIndex} contract, run against every backend. */
abstract class RecordIndexContract {
    /** Another handle on the same index, as another replica (or the same one after a restart) would open it. */
    abstract RecordIndex open();

    static StoredRecord record(String name, String id) {
        return new StoredRecord(name, "Patient", id, "id-p", "m-" + name + "-" + id, Cid.of(("full " + id).getBytes()),
                Cid.of(("light " + id).getBytes()), new byte[] {1, 2, 3});
    }

    @Test
    void everyHandleSeesWhatAnyHandleAdded_inOrder() {
        RecordIndex a = open();
        RecordIndex b = open();
        a.add(record("Patients", "p1"));
        b.add(record("Patients", "p2"));
        a.add(record("Carriers", "c1"));
        RecordIndex later = open();
        assertThat(later.records("Patients")).extracting(StoredRecord::recordId).containsExactly("p1", "p2");
        assertThat(later.records("Carriers")).extracting(StoredRecord::recordId).containsExactly("c1");
        assertThat(later.records("Nobody")).isEmpty();
        StoredRecord got = later.byMessage("m-Patients-p2").orElseThrow();
        assertThat(got).usingRecursiveComparison().isEqualTo(record("Patients", "p2"));
        assertThat(later.byMessage("m-none")).isEmpty();
    }

    @Test
    void recordIdAddedTwiceUnderOneName_isRefused() {
        open().add(record("Patients", "p1"));
        open().add(record("Carriers", "p1"));
        assertThatThrownBy(() -> open().add(record("Patients", "p1")))
                .isInstanceOf(RefusedException.class)
                .hasMessage("request: data name Patients already holds record p1");
        assertThat(open().records("Patients")).hasSize(1);
    }
}
