package io.coalition.privacy;

import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicAlphabetTest {
    @TempDir
    Path dir;

    @Test
    void commaList_isTrimmedAndSorted() {
        assertThat(PublicAlphabet.parse(" Ship, Pay ,Order,").activities()).containsExactly("Order", "Pay", "Ship");
    }

    @Test
    void file_hasOneNamePerLine_blankLinesIgnored() throws Exception {
        Path f = dir.resolve("alphabet.txt");
        Files.writeString(f, "Order\n\n  Pay  \r\nShip with, comma\n", StandardCharsets.UTF_8);
        assertThat(PublicAlphabet.read(f).activities()).containsExactly("Order", "Pay", "Ship with, comma");
    }

    @Test
    void file_withADuplicate_isRefusedNamingBothLines() throws Exception {
        Path f = dir.resolve("dup.txt");
        Files.writeString(f, "Order\nPay\nOrder\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PublicAlphabet.read(f)).isInstanceOf(PrivacyException.class)
                .hasMessage("alphabet file " + f + " line 3: 'Order' is already listed on line 1");
    }

    @Test
    void emptyOrMissingFile_andEmptyList_areRefused() throws Exception {
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n \n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PublicAlphabet.read(empty)).hasMessage("alphabet file " + empty + " lists no activity");
        Path missing = dir.resolve("missing.txt");
        assertThatThrownBy(() -> PublicAlphabet.read(missing)).isInstanceOf(PrivacyException.class)
                .hasMessageStartingWith("cannot read alphabet file " + missing + ": ");
        assertThatThrownBy(() -> PublicAlphabet.parse(",")).hasMessage("public alphabet is empty");
        assertThatThrownBy(() -> PublicAlphabet.parse("a,b,a")).hasMessage("public alphabet lists 'a' twice");
    }

    @Test
    void unknownActivity_isRefusedNamingTheActivityAndTheSequence() {
        PublicAlphabet a = PublicAlphabet.parse("Order,Pay,Ship");
        ExecutionSequence s = ExecutionSequence.of("clinic", "Order", "SecretAudit", "Ship");
        assertThatThrownBy(() -> a.admit(s, 7)).isInstanceOf(PrivacyException.class)
                .hasMessage("activity 'SecretAudit' at position 2 of sequence 7 (organization clinic) is not in the "
                        + "public alphabet of 3 activities; add it to the alphabet or drop unknown activities");
    }

    @Test
    void dropUnknown_projectsTheSequenceOntoTheAlphabet_keepingParameters() {
        PublicAlphabet a = PublicAlphabet.parse("Order,Ship").withDropUnknown(true);
        Invocation order = new Invocation("Order", Map.of(), Map.of("Loc", "local"));
        ExecutionSequence s = new ExecutionSequence("clinic", List.of(order, Invocation.of("SecretAudit"),
                Invocation.of("Ship")));
        assertThat(a.admit(s, 0)).containsExactly(order, Invocation.of("Ship"));
        ExecutionSequence known = ExecutionSequence.of("x", "Ship", "Order");
        assertThat(a.admit(known, 1)).isSameAs(known.invocations());
        assertThat(a.admit(ExecutionSequence.of("y", "SecretAudit"), 2)).isEmpty();
    }
}
