package io.coalition.streamaccess.policy;

import java.util.List;

/**
 * The obligations that apply to one requester, all of one effect (seed 003 section 6.1). No obligation at all
 * means the PDP permitted the stream without restriction: an empty deny filter.
 */
public record RequesterPolicy(String requester, StreamObligation.Effect effect, List<StreamObligation> obligations) {
    public RequesterPolicy {
        obligations = List.copyOf(obligations);
    }

    public static RequesterPolicy of(String requester, List<StreamObligation> obligations) {
        StreamObligation.Effect effect = obligations.isEmpty() ? StreamObligation.Effect.DENY
                : obligations.get(0).effect();
        for (StreamObligation o : obligations) {
            if (o.effect() != effect) {
                throw new StreamPolicyException("requester '" + requester + "' gets both allow and deny obligations ("
                        + obligations.get(0).source() + " is " + effect.name().toLowerCase() + ", " + o.source()
                        + " is " + o.effect().name().toLowerCase() + "); they must all allow or all deny");
            }
        }
        return new RequesterPolicy(requester, effect, obligations);
    }
}
