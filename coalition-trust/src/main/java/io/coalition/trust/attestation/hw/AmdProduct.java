package io.coalition.trust.attestation.hw;

/**
 * AMD EPYC generations with SEV-SNP, each with its own AMD Root Key (ARK). The ARK certificates are
 * published by AMD's Key Distribution Service ({@code https://kdsintf.amd.com/vcek/v1/<product>/cert_chain});
 * their SHA-256 fingerprints are pinned here.
 */
public enum AmdProduct {
    /** EPYC 7003, CPUID family 0x19 models 0x00-0x0F. */
    MILAN("Milan", "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd"),
    /** EPYC 9004/8004, CPUID family 0x19 models 0x10-0x1F and 0xA0-0xAF. */
    GENOA("Genoa", "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1"),
    /** EPYC 9005, CPUID family 0x1A models 0x00-0x1F. */
    TURIN("Turin", "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a");

    private final String productName;
    private final String arkSha256;

    AmdProduct(String productName, String arkSha256) {
        this.productName = productName;
        this.arkSha256 = arkSha256;
    }

    /** The name in AMD's certificate subjects (ARK-Milan, SEV-Milan, SEV-VLEK-Milan). */
    public String productName() {
        return productName;
    }

    /** SHA-256 of the DER of this product's ARK certificate. */
    public String arkSha256() {
        return arkSha256;
    }

    /** Whether a CPUID family and model (report v3+) belong to this product. */
    boolean matchesCpuid(int family, int model) {
        return switch (this) {
            case MILAN -> family == 0x19 && model <= 0x0F;
            case GENOA -> family == 0x19 && (model >= 0x10 && model <= 0x1F || model >= 0xA0 && model <= 0xAF);
            case TURIN -> family == 0x1A && model <= 0x1F;
        };
    }
}
