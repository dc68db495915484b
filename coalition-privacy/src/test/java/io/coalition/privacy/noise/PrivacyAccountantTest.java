package io.coalition.privacy.noise;

import io.coalition.privacy.PrivacyException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivacyAccountantTest {
    @Test
    void tenSpendsOfOneTenth_fitABudgetOfOne_theEleventhIsRefused() {
        PrivacyAccountant a = new PrivacyAccountant(BigDecimal.ONE);
        for (int i = 0; i < 10; i++) a.spend("query " + i, new BigDecimal("0.1"));
        assertThat(a.remaining()).isEqualByComparingTo("0");
        assertThatThrownBy(() -> a.spend("query 10", new BigDecimal("0.1")))
                .isInstanceOf(PrivacyException.class)
                .hasMessage("privacy budget exceeded: query 10 asks epsilon 0.1 but only 0.0 of 1 is left");
        assertThat(a.spends()).hasSize(10);
        assertThat(a.spent()).isEqualByComparingTo("1");
    }

    @Test
    void refusedSpend_leavesTheBudgetUnchanged() {
        PrivacyAccountant a = new PrivacyAccountant(new BigDecimal("0.5"));
        a.spend("edges", new BigDecimal("0.3"));
        assertThatThrownBy(() -> a.spend("lengths", new BigDecimal("0.3")))
                .hasMessage("privacy budget exceeded: lengths asks epsilon 0.3 but only 0.2 of 0.5 is left");
        assertThat(a.remaining()).isEqualByComparingTo("0.2");
        a.spend("lengths", new BigDecimal("0.2"));
        assertThat(a.remaining()).isEqualByComparingTo("0");
    }

    @Test
    void nonPositiveAmounts_areRefused() {
        assertThatThrownBy(() -> new PrivacyAccountant(BigDecimal.ZERO)).hasMessage("privacy budget must be positive, got 0");
        PrivacyAccountant a = new PrivacyAccountant(BigDecimal.ONE);
        assertThatThrownBy(() -> a.spend("x", new BigDecimal("-0.1")))
                .hasMessage("epsilon spent on x must be positive, got -0.1");
    }
}
