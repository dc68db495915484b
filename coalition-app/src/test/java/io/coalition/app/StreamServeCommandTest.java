package io.coalition.app;

import io.coalition.eventlog.TestData;
import org.apache.jena.sparql.exec.http.QueryExecHTTP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class StreamServeCommandTest {
    static final String NL = System.lineSeparator();
    static final String REGISTRY = """
            {"participants": [
              {"subject": "Stream Auditor", "identificationNumber": "IT-009-0001", "role": "StreamAuditor",
               "country": "Italy", "participantTypes": ["Auditor"], "idCheck": true},
              {"subject": "Central Medical Hub", "identificationNumber": "IT-001-2000", "role": "MedicalHub",
               "country": "Italy", "participantTypes": ["Data Provider"], "idCheck": true},
              {"subject": "Stream Endpoint", "identificationNumber": "IT-009-0000", "role": "StreamEndpoint",
               "country": "Italy", "participantTypes": ["Data Provider"], "idCheck": true}
            ]}
            """;

    @TempDir
    Path tmp;

    Path policies() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("policies"));
        try (var in = StreamServeCommandTest.class.getResourceAsStream("stream/auditor-masker.xml")) {
            Files.write(dir.resolve("auditor-masker.xml"), in.readAllBytes());
        }
        return dir;
    }

    String ca() {
        String ca = tmp.resolve("ca").toString();
        assertThat(run("pki", "init-ca", "--dir", ca, "--name", "Coalition CA").exit()).isZero();
        return ca;
    }

    Path issue(String ca, String subject, String role, String id, String out) throws Exception {
        Files.writeString(Path.of(ca, "registry.json"), REGISTRY);
        MainTest.Result enroll = run("pki", "enroll", "--dir", tmp.toString(), "--subject", subject, "--role", role,
                "--country", "Italy", "--id", id, "--types", role.equals("StreamAuditor") ? "Auditor" : "Data Provider",
                "--out", out);
        assertThat(enroll.exit()).as(enroll.err()).isZero();
        MainTest.Result issue = run("pki", "issue", "--dir", ca, "--csr", tmp.resolve(out + ".csr").toString());
        assertThat(issue.exit()).as(issue.err()).isZero();
        return tmp.resolve(out + ".crt");
    }

    @Test
    @Timeout(120) // guards against a hung server only; nothing here is timed
    void servesThePermittedRequesterAndRefusesTheOthers() throws Exception {
        String ca = ca();
        Path auditor = issue(ca, "Stream Auditor", "StreamAuditor", "IT-009-0001", "auditor");
        Path hub = issue(ca, "Central Medical Hub", "MedicalHub", "IT-001-2000", "hub");
        // a certificate with one byte of its signature flipped: refused before the PDP is asked
        byte[] der = io.coalition.trust.pki.Pem.readCertificate(auditor).getEncoded();
        der[der.length - 5] ^= 0x01;
        Path forged = tmp.resolve("forged.crt");
        Files.writeString(forged, "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END CERTIFICATE-----\n");

        String policies = policies().toString();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        // resolved here, not in the server thread: without the shared data the test must skip, not wait for a
        // server thread that died on the skip
        String log = TestData.require("xes/running-example.xes").toString();
        Thread server = new Thread(() -> exit.set(Main.run(new String[] {"stream", "serve",
                "--log", log, "--policies", policies,
                "--ca", ca, "--requester-cert", auditor.toString(), "--requester-cert", "hub=" + hub,
                "--requester-cert", "mallory=" + forged, "--port", "0", "--speed", "full", "--plain-http"},
                new PrintWriter(new LineWriter(lines), true), new PrintWriter(err, true))), "serve-under-test");
        server.start();
        List<String> out = new ArrayList<>();
        String line;
        do {
            line = lines.take();
            out.add(line);
        } while (!line.equals("serving until interrupted (Ctrl-C)"));

        assertThat(out.get(0)).isEqualTo("  mallory: refused (certificate 2 (CN=Stream Auditor): signature does not"
                + " verify with the key of the CA CN=Coalition CA)");
        assertThat(out.get(1)).isEqualTo("  hub: refused (requester 'hub' may not read the stream: the PDP decided"
                + " NOT_APPLICABLE)");
        Matcher m = Pattern.compile("serving 1 requester on 127\\.0\\.0\\.1:(\\d+) \\(materialized,"
                + " PLAIN HTTP without authentication: development only\\)").matcher(out.get(2));
        assertThat(m.matches()).as(out.get(2)).isTrue();
        String endpoint = "http://127.0.0.1:" + m.group(1) + "/IT-009-0001/sparql";
        assertThat(out.get(3)).isEqualTo("  IT-009-0001: " + endpoint + "  continuous: http://127.0.0.1:" + m.group(1)
                + "/continuous/IT-009-0001?query=...");
        assertThat(out.get(4)).matches("replayed \\d+ triples in .*");
        assertThat(out.get(5)).matches("  IT-009-0001: \\d+ triples");

        // the auditor's endpoint answers, with the masker's policy applied
        long human = QueryExecHTTP.service(endpoint).query("SELECT (COUNT(*) AS ?n) { ?a a <urn:coalition:log#human> }")
                .select().next().get("n").getLiteralValue() instanceof Number n ? n.longValue() : -1;
        long generic = QueryExecHTTP.service(endpoint)
                .query("SELECT (COUNT(*) AS ?n) { ?a a <urn:coalition:log#generic> }").select().next().get("n")
                .getLiteralValue() instanceof Number n ? n.longValue() : -1;
        assertThat(human).isZero();
        assertThat(generic).isPositive();
        assertThat(QueryExecHTTP.service(endpoint).query("ASK { ?t <urn:coalition:log#performedBy> ?a }").ask()).isTrue();

        server.interrupt();
        server.join();
        assertThat(exit.get()).as(err.toString()).isZero();
        assertThat(lines.take()).isEqualTo("stopped");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void nobodyPermitted_exitsWithoutServing() throws Exception {
        String ca = ca();
        Path hub = issue(ca, "Central Medical Hub", "MedicalHub", "IT-001-2000", "hub");
        MainTest.Result r = run("stream", "serve", "--log", TestData.require("xes/running-example.xes").toString(),
                "--policies", policies().toString(), "--ca", ca, "--requester-cert", hub.toString(), "--plain-http");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEqualTo("  IT-001-2000: refused (requester 'IT-001-2000' may not read the stream: the PDP"
                + " decided NOT_APPLICABLE)" + NL);
        assertThat(r.err()).isEqualTo("coalition: no requester may read "
                + TestData.require("xes/running-example.xes") + "; nothing to serve" + NL);
    }

    @Test
    void badSpeedAndMode_areRefusedWithTheReason() throws Exception {
        String ca = ca();
        MainTest.Result speed = run("stream", "serve", "--log", "x.xes", "--policies", policies().toString(), "--ca", ca,
                "--requester-cert", "a.crt", "--speed", "fast");
        assertThat(speed.exit()).isEqualTo(2);
        assertThat(speed.err()).startsWith("--speed 'fast': expected full or a positive number of triples per second");
        MainTest.Result mode = run("stream", "serve", "--log", "x.xes", "--policies", policies().toString(), "--ca", ca,
                "--requester-cert", "a.crt", "--mode", "cached");
        assertThat(mode.exit()).isEqualTo(2);
        assertThat(mode.err()).startsWith("--mode 'cached': expected materialized or rewriting");
    }

    @Test
    @Timeout(120) // guards against a hung server only; nothing here is timed
    void https_answersOnlyTheGrantedCertificate() throws Exception {
        String ca = ca();
        Path auditor = issue(ca, "Stream Auditor", "StreamAuditor", "IT-009-0001", "auditor");
        Path hub = issue(ca, "Central Medical Hub", "MedicalHub", "IT-001-2000", "hub");
        Path endpointCert = issue(ca, "Stream Endpoint", "StreamEndpoint", "IT-009-0000", "endpoint");
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        String policies = policies().toString();
        // resolved here, not in the server thread: without the shared data the test must skip, not wait for a
        // server thread that died on the skip
        String log = TestData.require("xes/running-example.xes").toString();
        Thread server = new Thread(() -> exit.set(Main.run(new String[] {"stream", "serve",
                "--log", log, "--policies", policies,
                "--ca", ca, "--requester-cert", auditor.toString(), "--tls-cert", endpointCert.toString(),
                "--tls-key", tmp.resolve("endpoint.key").toString(), "--port", "0"},
                new PrintWriter(new LineWriter(lines), true), new PrintWriter(err, true))), "serve-under-test");
        server.start();
        List<String> out = new ArrayList<>();
        String line;
        do {
            line = lines.take();
            out.add(line);
        } while (!line.equals("serving until interrupted (Ctrl-C)") && !line.equals("stopped"));
        java.security.cert.X509Certificate endpoint = io.coalition.trust.pki.Pem.readCertificate(endpointCert);
        String fingerprint = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(endpoint.getEncoded()));
        Matcher m = Pattern.compile("serving 1 requester on 127\\.0\\.0\\.1:(\\d+) \\(materialized, HTTPS with client"
                + " certificates; endpoint certificate sha256 " + fingerprint + "\\)").matcher(out.get(0));
        assertThat(m.matches()).as(String.join("\n", out) + err).isTrue();
        URI endpointUri = URI.create("https://127.0.0.1:" + m.group(1) + "/IT-009-0001/sparql?query="
                + java.net.URLEncoder.encode("SELECT (COUNT(*) AS ?n) { ?a a <urn:coalition:log#generic> }",
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(out.get(1)).startsWith("  IT-009-0001: https://127.0.0.1:" + m.group(1) + "/IT-009-0001/sparql");

        HttpResponse<String> mine = client(auditor, tmp.resolve("auditor.key"), endpoint).send(
                HttpRequest.newBuilder(endpointUri).header("Accept", "application/sparql-results+json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
        assertThat(mine.body()).contains("\"n\"");
        HttpResponse<String> theirs = client(hub, tmp.resolve("hub.key"), endpoint).send(
                HttpRequest.newBuilder(endpointUri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(theirs.statusCode()).isEqualTo(403);
        assertThat(theirs.body()).contains("is not the requester 'IT-009-0001' (CN=Stream Auditor)");

        server.interrupt();
        server.join();
        assertThat(exit.get()).as(err.toString()).isZero();
    }

    @Test
    void neitherTlsNorPlainHttp_isRefused() throws Exception {
        String ca = ca();
        MainTest.Result r = run("stream", "serve", "--log", "x.xes", "--policies", policies().toString(), "--ca", ca,
                "--requester-cert", "a.crt");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("give --tls-cert and --tls-key (HTTPS with client certificates) or"
                + " --plain-http (development: no authentication), not both or neither");
    }

    /** An HTTPS client presenting {@code cert} and pinning the endpoint certificate. */
    static HttpClient client(Path cert, Path key, java.security.cert.X509Certificate pinned) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("me", io.coalition.trust.pki.Pem.readPrivateKey(key), new char[0],
                new java.security.cert.Certificate[] {io.coalition.trust.pki.Pem.readCertificate(cert)});
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509ExtendedTrustManager() {
            void check(java.security.cert.X509Certificate[] c) throws java.security.cert.CertificateException {
                if (!c[0].equals(pinned)) throw new java.security.cert.CertificateException("not the pinned endpoint");
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a, java.net.Socket s)
                    throws java.security.cert.CertificateException {
                check(c);
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a, javax.net.ssl.SSLEngine e)
                    throws java.security.cert.CertificateException {
                check(c);
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a)
                    throws java.security.cert.CertificateException {
                check(c);
            }

            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a, java.net.Socket s)
                    throws java.security.cert.CertificateException {
                throw new java.security.cert.CertificateException("client side only");
            }

            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a, javax.net.ssl.SSLEngine e)
                    throws java.security.cert.CertificateException {
                throw new java.security.cert.CertificateException("client side only");
            }

            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a)
                    throws java.security.cert.CertificateException {
                throw new java.security.cert.CertificateException("client side only");
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, new java.security.SecureRandom());
        return HttpClient.newBuilder().sslContext(ctx).build();
    }

    /** Hands complete lines to a queue, so the test can follow a command that runs on. */
    static final class LineWriter extends Writer {
        final LinkedBlockingQueue<String> lines;
        final StringBuilder current = new StringBuilder();

        LineWriter(LinkedBlockingQueue<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = buf[i];
                if (c == '\n') {
                    lines.add(current.toString().replace("\r", ""));
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() throws IOException {
        }
    }
}
