package io.coalition.privacy.evaluation;

import io.coalition.privacy.sequence.ExecutionSequence;
import io.coalition.privacy.sequence.Invocation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A generator of Internet purchase order business processes after seed 002 Figures 1 and 4 (§6.1): web service
 * categories with dependence edges (order, price computation, invoice and payment, settlement, final bill) and
 * mutual exclusion (one payment service per execution, customs only for international customers). Each BP fixes
 * one provider per category, the order of the independent (parallel) categories, the payment methods it supports,
 * whether it serves international customers, and its final billing service; its executions vary the customer's
 * location and the payment method. The paper's graph is only drawn, not listed, so the providers are ours.
 */
public final class PurchaseOrders {
    static final List<String> ORDER = List.of("GetOrderFromAmazon", "GetOrderFromEbay", "GetOrderFromWebStore");
    static final List<String> SALES_TAX = List.of("SalesTaxSVC_A", "EasySalesTax");
    static final List<String> CUSTOMS = List.of("UKCustoms", "EuroCustoms");
    static final List<String> SHIP_RATE = List.of("TransShip", "USPS");
    static final List<String> INVOICE = List.of("InvoiceCreation", "QuickInvoice");
    static final List<String> PAYMENT = List.of("PayPal", "CreditCardProcessing", "InternetCheckProcessing");
    static final List<String> DUTY = List.of("UKDutyPymt", "EuroDutyPymt");
    static final List<String> ACCOUNTING = List.of("TaxFilingAccounting");
    static final List<String> SHIPMENT = List.of("ShipmentService", "CourierService");
    /** The five terminating states (final bill and shipping information to the customer). */
    public static final List<String> TERMINALS = List.of("EasyBill", "BillingPro", "FinalNotice", "SendFinalBill",
            "CustomerStatement");

    private PurchaseOrders() {
    }

    /** {@code bps} business processes with {@code perBp} executions each; organization "bp-i" for BP i. */
    public static List<ExecutionSequence> generate(int bps, int perBp, RandomGenerator rng) {
        List<ExecutionSequence> out = new ArrayList<>(bps * perBp);
        for (int b = 0; b < bps; b++) {
            String order = pick(ORDER, rng);
            String tax = pick(SALES_TAX, rng);
            String customs = pick(CUSTOMS, rng);
            String rate = pick(SHIP_RATE, rng);
            String invoice = pick(INVOICE, rng);
            String duty = customs.startsWith("UK") ? "UKDutyPymt" : "EuroDutyPymt";
            String shipment = pick(SHIPMENT, rng);
            String terminal = pick(TERMINALS, rng);
            boolean international = rng.nextBoolean();
            List<String> payments = new ArrayList<>(PAYMENT);
            Collections.shuffle(payments, new java.util.Random(rng.nextLong()));
            payments = payments.subList(0, 1 + rng.nextInt(PAYMENT.size()));
            List<String> priceOrder = shuffled(List.of("tax", "customs", "rate"), rng);
            List<String> invoiceOrder = shuffled(List.of("invoice", "payment"), rng);
            List<String> settleOrder = shuffled(List.of("duty", "accounting", "shipment"), rng);
            for (int e = 0; e < perBp; e++) {
                boolean intl = international && rng.nextBoolean();
                String payment = pick(payments, rng);
                List<Invocation> inv = new ArrayList<>();
                inv.add(new Invocation(order, Map.of(), Map.of("BuyerLoc", intl ? "international" : "local")));
                for (String c : priceOrder) {
                    switch (c) {
                        case "tax" -> inv.add(Invocation.of(tax));
                        case "customs" -> {
                            if (intl) inv.add(Invocation.of(customs));
                        }
                        default -> inv.add(Invocation.of(rate));
                    }
                }
                for (String c : invoiceOrder) inv.add(Invocation.of(c.equals("invoice") ? invoice : payment));
                for (String c : settleOrder) {
                    switch (c) {
                        case "duty" -> {
                            if (intl) inv.add(Invocation.of(duty));
                        }
                        case "accounting" -> inv.add(Invocation.of(ACCOUNTING.get(0)));
                        default -> inv.add(Invocation.of(shipment));
                    }
                }
                inv.add(Invocation.of(terminal));
                out.add(new ExecutionSequence("bp-" + b, inv));
            }
        }
        return out;
    }

    /** The terminating states of the generated BPs: the final services they actually use. */
    public static Set<String> terminals(List<ExecutionSequence> sequences) {
        Set<String> t = new java.util.TreeSet<>();
        for (ExecutionSequence s : sequences) if (s.length() > 0) t.add(s.services().get(s.length() - 1));
        return t;
    }

    private static String pick(List<String> l, RandomGenerator rng) {
        return l.get(rng.nextInt(l.size()));
    }

    private static List<String> shuffled(List<String> l, RandomGenerator rng) {
        List<String> c = new ArrayList<>(l);
        for (int i = c.size() - 1; i > 0; i--) Collections.swap(c, i, rng.nextInt(i + 1));
        return c;
    }
}
