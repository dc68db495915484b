package io.coalition.bench;

import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.envelope.Envelopes;
import io.coalition.trust.hpke.Hpke;
import io.coalition.trust.records.RecordCipher;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trust layer's crypto costs: HPKE seal/open (bare {@link Hpke} and signed {@link Envelopes}), and records at
 * rest ({@link RecordCipher}: HKDF key per record + AES-256-GCM) against bare JDK AES-256-GCM under one key with
 * the same record sizes, nonces and associated data, in the same run. The gap is the price of a key per record.
 */
final class TrustBench implements Bench.Benchmark {
    static final int HPKE_MESSAGES = 2_000;
    static final int ENVELOPES = 1_000;
    static final int MESSAGE_BYTES = 1_024;
    static final int[] RECORD_BYTES = {1_024, 65_536};
    static final long RECORD_VOLUME = 32L << 20;
    /** Target: per-record AES-GCM on 64 KiB records keeps at least this share of bare AES-GCM's speed. */
    static final double RECORD_RATIO_TARGET = 0.5;

    @Override
    public String description() {
        return "HPKE seal/open and envelopes per second; per-record AES-GCM MB/s vs bare JDK AES-GCM";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        System.out.printf("trust: %d HPKE messages and %d envelopes of %d bytes, %d MiB of records per size;"
                        + " %d warm-up and %d measured runs%n", HPKE_MESSAGES, ENVELOPES, MESSAGE_BYTES,
                RECORD_VOLUME >> 20, options.warmup(), options.runs());
        SecureRandom random = new SecureRandom();
        byte[] message = new byte[MESSAGE_BYTES];
        random.nextBytes(message);

        Hpke hpke = Hpke.DEFAULT;
        Hpke.KeyPair recipient = hpke.generateKeyPair();
        byte[] info = "coalition bench".getBytes(StandardCharsets.US_ASCII);
        byte[] aad = "header".getBytes(StandardCharsets.US_ASCII);

        KeyPair senderKeys = ecKeys();
        KeyPair recipientKeys = ecKeys();
        X509Certificate sender = selfSigned("bench sender", senderKeys);
        X509Certificate recipientCert = selfSigned("bench recipient", recipientKeys);

        byte[] seed = new byte[32];
        random.nextBytes(seed);
        RecordCipher records = new RecordCipher(seed);
        byte[] bareKey = new byte[32];
        random.nextBytes(bareKey);
        byte[] metadata = "{\"case\":\"c-17\",\"org\":\"hospital\"}".getBytes(StandardCharsets.UTF_8);

        Map<String, List<Double>> perSecond = new LinkedHashMap<>();
        for (int i = 0; i < options.warmup() + options.runs(); i++) {
            boolean measured = i >= options.warmup();
            Map<String, Double> run = new LinkedHashMap<>();

            List<Hpke.Sealed> sealed = new ArrayList<>(HPKE_MESSAGES);
            long t0 = System.nanoTime();
            for (int m = 0; m < HPKE_MESSAGES; m++) sealed.add(hpke.seal(recipient.publicKey(), info, aad, message));
            long t1 = System.nanoTime();
            for (Hpke.Sealed s : sealed) check(hpke.open(recipient, s, info, aad).length == MESSAGE_BYTES);
            long t2 = System.nanoTime();
            run.put("hpkeSealPerSecond", HPKE_MESSAGES / seconds(t0, t1));
            run.put("hpkeOpenPerSecond", HPKE_MESSAGES / seconds(t1, t2));

            Envelopes envelopes = new Envelopes(Clock.systemUTC(), Duration.ofHours(1));
            List<Envelope> sent = new ArrayList<>(ENVELOPES);
            t0 = System.nanoTime();
            for (int m = 0; m < ENVELOPES; m++) {
                sent.add(envelopes.seal(message, "bench", sender, senderKeys.getPrivate(), recipientCert,
                        recipient.publicKey()));
            }
            t1 = System.nanoTime();
            for (Envelope e : sent) check(envelopes.open(e, "bench", sender, recipientCert, recipient).length == MESSAGE_BYTES);
            t2 = System.nanoTime();
            run.put("envelopeSealPerSecond", ENVELOPES / seconds(t0, t1));
            run.put("envelopeOpenPerSecond", ENVELOPES / seconds(t1, t2));

            for (int size : RECORD_BYTES) {
                int count = (int) (RECORD_VOLUME / size);
                byte[] plain = new byte[size];
                random.nextBytes(plain);
                double mb = RECORD_VOLUME / 1e6;
                byte[][] stored = new byte[count][];
                t0 = System.nanoTime();
                for (int r = 0; r < count; r++) stored[r] = records.encrypt("record-" + r, metadata, plain);
                t1 = System.nanoTime();
                for (int r = 0; r < count; r++) check(records.decrypt("record-" + r, metadata, stored[r]).length == size);
                t2 = System.nanoTime();
                run.put("recordEncryptMBps_" + size, mb / seconds(t0, t1));
                run.put("recordDecryptMBps_" + size, mb / seconds(t1, t2));

                Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
                SecretKeySpec key = new SecretKeySpec(bareKey, "AES");
                t0 = System.nanoTime();
                for (int r = 0; r < count; r++) stored[r] = bareEncrypt(gcm, key, random, aad("record-" + r, metadata), plain);
                t1 = System.nanoTime();
                for (int r = 0; r < count; r++) check(bareDecrypt(gcm, key, aad("record-" + r, metadata), stored[r]).length == size);
                t2 = System.nanoTime();
                run.put("bareEncryptMBps_" + size, mb / seconds(t0, t1));
                run.put("bareDecryptMBps_" + size, mb / seconds(t1, t2));
            }
            System.out.printf("  %s %d: HPKE seal %.0f/s open %.0f/s; envelopes seal %.0f/s open %.0f/s;"
                            + " 64 KiB records enc %.0f MB/s (bare %.0f)%n", measured ? "run   " : "warmup", i + 1,
                    run.get("hpkeSealPerSecond"), run.get("hpkeOpenPerSecond"), run.get("envelopeSealPerSecond"),
                    run.get("envelopeOpenPerSecond"), run.get("recordEncryptMBps_65536"), run.get("bareEncryptMBps_65536"));
            if (measured) run.forEach((k, v) -> perSecond.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }

        Map<String, Double> median = new LinkedHashMap<>();
        perSecond.forEach((k, v) -> median.put(k, Stats.median(v)));
        System.out.println();
        System.out.printf("%-44s %14s%n", "measure (median)", "per second");
        System.out.printf("%-44s %,14.0f%n", "HPKE seal (X25519, AES-256-GCM, 1 KiB)", median.get("hpkeSealPerSecond"));
        System.out.printf("%-44s %,14.0f%n", "HPKE open", median.get("hpkeOpenPerSecond"));
        System.out.printf("%-44s %,14.0f%n", "envelope seal (HPKE + ECDSA P-256 signature)", median.get("envelopeSealPerSecond"));
        System.out.printf("%-44s %,14.0f%n", "envelope open (checks + signature + HPKE)", median.get("envelopeOpenPerSecond"));
        System.out.println();
        System.out.printf("%-12s %16s %16s %16s %16s %8s%n", "record size", "record enc MB/s", "bare enc MB/s",
                "record dec MB/s", "bare dec MB/s", "enc ratio");
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (int size : RECORD_BYTES) {
            double ratio = median.get("recordEncryptMBps_" + size) / median.get("bareEncryptMBps_" + size);
            ratios.put("recordToBareEncryptRatio_" + size, ratio);
            System.out.printf("%-12s %16.1f %16.1f %16.1f %16.1f %8.2f%n", size + " B",
                    median.get("recordEncryptMBps_" + size), median.get("bareEncryptMBps_" + size),
                    median.get("recordDecryptMBps_" + size), median.get("bareDecryptMBps_" + size), ratio);
        }
        double ratio64k = ratios.get("recordToBareEncryptRatio_65536");
        boolean ratioOk = ratio64k >= RECORD_RATIO_TARGET;
        System.out.println();
        System.out.printf("per-record / bare AES-GCM on 64 KiB records  %.2f  (target >= %.2f) %s%n",
                ratio64k, RECORD_RATIO_TARGET, ratioOk ? "met" : "MISSED");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "trust");
        json.put("runs", options.runs());
        json.put("hpkeMessages", HPKE_MESSAGES);
        json.put("envelopes", ENVELOPES);
        json.put("messageBytes", MESSAGE_BYTES);
        json.put("recordVolumeBytes", RECORD_VOLUME);
        json.put("samples", perSecond);
        json.put("medians", median);
        json.put("ratios", ratios);
        json.put("recordRatioTarget", RECORD_RATIO_TARGET);
        json.put("targetsMet", ratioOk);
        System.out.println("figures written to " + Results.write("trust", json));
        return ratioOk ? 0 : 1;
    }

    /** The same stored form as RecordCipher (nonce | ciphertext), one key for all records. */
    private static byte[] bareEncrypt(Cipher gcm, SecretKeySpec key, SecureRandom random, byte[] aad, byte[] plain)
            throws Exception {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        gcm.updateAAD(aad);
        byte[] out = new byte[12 + gcm.getOutputSize(plain.length)];
        System.arraycopy(nonce, 0, out, 0, 12);
        gcm.doFinal(plain, 0, plain.length, out, 12);
        return out;
    }

    private static byte[] bareDecrypt(Cipher gcm, SecretKeySpec key, byte[] aad, byte[] stored) throws Exception {
        gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, 12));
        gcm.updateAAD(aad);
        return gcm.doFinal(stored, 12, stored.length - 12);
    }

    private static byte[] aad(String recordId, byte[] metadata) {
        byte[] id = recordId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + id.length + metadata.length).putInt(id.length).put(id).put(metadata).array();
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate selfSigned(String name, KeyPair keys) throws Exception {
        X500Name subject = new X500Name("CN=" + name + ",O=Coalition bench");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(name.hashCode() & 0xffff),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static void check(boolean ok) {
        if (!ok) throw new IllegalStateException("a round trip returned the wrong length");
    }
}
