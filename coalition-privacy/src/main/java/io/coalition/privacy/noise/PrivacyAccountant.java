package io.coalition.privacy.noise;

import io.coalition.privacy.PrivacyException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A privacy budget under sequential composition (McSherry 2009): the epsilons of all releases over the same
 * data add up, and a spend that would exceed the total is refused before any noise is drawn.
 *
 * <p>Arithmetic is exact ({@link BigDecimal}), so ten spends of 0.1 fit a budget of 1. Not thread-safe: one
 * accountant per publication run.
 */
public final class PrivacyAccountant {
    /** One granted spend. */
    public record Spend(String purpose, BigDecimal epsilon) {
    }

    private final BigDecimal total;
    private BigDecimal spent = BigDecimal.ZERO;
    private final List<Spend> spends = new ArrayList<>();

    public PrivacyAccountant(BigDecimal total) {
        Objects.requireNonNull(total, "total");
        if (total.signum() <= 0) throw new PrivacyException("privacy budget must be positive, got " + total);
        this.total = total;
    }

    /**
     * Records a spend of {@code epsilon} for {@code purpose}; fails closed when it would exceed the budget.
     *
     * @throws PrivacyException naming the purpose, the amount asked and what is left
     */
    public void spend(String purpose, BigDecimal epsilon) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(epsilon, "epsilon");
        if (epsilon.signum() <= 0) {
            throw new PrivacyException("epsilon spent on " + purpose + " must be positive, got " + epsilon);
        }
        BigDecimal after = spent.add(epsilon);
        if (after.compareTo(total) > 0) {
            throw new PrivacyException("privacy budget exceeded: " + purpose + " asks epsilon " + epsilon.toPlainString()
                    + " but only " + remaining().toPlainString() + " of " + total.toPlainString() + " is left");
        }
        spent = after;
        spends.add(new Spend(purpose, epsilon));
    }

    public BigDecimal total() {
        return total;
    }

    public BigDecimal spent() {
        return spent;
    }

    public BigDecimal remaining() {
        return total.subtract(spent);
    }

    /** The granted spends in order. */
    public List<Spend> spends() {
        return List.copyOf(spends);
    }
}
