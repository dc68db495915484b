package io.coalition.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class PkiCommandTest {
    @TempDir
    Path tmp;

    static final String REGISTRY = """
            {"participants": [
              {"subject": "Central Medical Hub", "identificationNumber": "IT-001-2000", "role": "MedicalHub",
               "country": "Italy", "participantTypes": ["Data Provider", "Decider"], "idCheck": true}
            ]}
            """;

    String ca() throws Exception {
        Path dir = tmp.resolve("ca");
        MainTest.Result init = run("pki", "init-ca", "--dir", dir.toString(), "--name", "Coalition CA");
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains("CA CN=Coalition CA created in " + dir, dir.resolve("ca.key") + " (owner-only)");
        Files.writeString(dir.resolve("registry.json"), REGISTRY);
        return dir.toString();
    }

    @Test
    void enrollIssueShowRevoke() throws Exception {
        String dir = ca();
        MainTest.Result enroll = run("pki", "enroll", "--dir", tmp.toString(), "--subject", "Central Medical Hub",
                "--role", "MedicalHub", "--country", "Italy", "--id", "IT-001-2000", "--types", "Data Provider,Decider",
                "--out", "hub");
        assertThat(enroll.exit()).as(enroll.err()).isZero();
        assertThat(enroll.out()).contains("request for CN=Central Medical Hub: IdentificationNumber=\"IT-001-2000\", "
                + "Role=\"MedicalHub\", Country=\"Italy\", ParticipantTypes=[Data Provider, Decider], IDCheck=True");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("hub.key")))).isEqualTo("rw-------");

        MainTest.Result issue = run("pki", "issue", "--dir", dir, "--csr", tmp.resolve("hub.csr").toString());
        assertThat(issue.exit()).as(issue.err()).isZero();
        assertThat(issue.out()).contains("issued certificate 2 for CN=Central Medical Hub", "certificate: " + tmp.resolve("hub.crt"));

        MainTest.Result show = run("pki", "show", tmp.resolve("hub.crt").toString(), "--dir", dir);
        assertThat(show.exit()).as(show.err() + show.out()).isZero();
        assertThat(show.out()).contains("subject:    CN=Central Medical Hub", "issuer:     CN=Coalition CA",
                "serial:     2", "attributes: IdentificationNumber=\"IT-001-2000\", Role=\"MedicalHub\"",
                "status:     valid (CA CN=Coalition CA)");

        MainTest.Result revoke = run("pki", "revoke", "--dir", dir, "--serial", "2", "--reason", "key_compromise");
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(revoke.out()).contains("revoked certificate 2 at ", "(key_compromise)");

        MainTest.Result after = run("pki", "show", tmp.resolve("hub.crt").toString(), "--dir", dir);
        assertThat(after.exit()).isEqualTo(2);
        assertThat(after.out()).contains("status:     INVALID: certificate 2 (CN=Central Medical Hub): revoked on ",
                "(reason: KEY_COMPROMISE)");

        MainTest.Result again = run("pki", "revoke", "--dir", dir, "--serial", "2");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).startsWith("coalition: CA: certificate 2 is already revoked since ");
    }

    @Test
    void unapprovedAttributeIsABadInput() throws Exception {
        String dir = ca();
        MainTest.Result enroll = run("pki", "enroll", "--subject", "Central Medical Hub", "--role", "Policymaker",
                "--country", "IT", "--id", "IT-001-2000", "--types", "data-provider", "--out", tmp.resolve("p").toString());
        assertThat(enroll.exit()).as(enroll.err()).isZero();
        MainTest.Result issue = run("pki", "issue", "--dir", dir, "--csr", tmp.resolve("p.csr").toString(), "--days", "30");
        assertThat(issue.exit()).isEqualTo(2);
        assertThat(issue.err()).isEqualTo("coalition: RA: attribute role=\"Policymaker\" requested for \"Central Medical Hub\" "
                + "is not approved (the registry has \"MedicalHub\")" + System.lineSeparator());
        assertThat(tmp.resolve("p.crt")).doesNotExist();
    }

    @Test
    void missingCaAndRegistryAreReported() throws Exception {
        MainTest.Result none = run("pki", "revoke", "--dir", tmp.resolve("nope").toString(), "--serial", "2");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("holds no CA (ca.crt and ca.key); run 'coalition pki init-ca' first");
        String dir = ca();
        Files.delete(Path.of(dir, "registry.json"));
        run("pki", "enroll", "--subject", "X", "--role", "R", "--country", "IT", "--id", "1", "--types", "ccu",
                "--out", tmp.resolve("x").toString());
        MainTest.Result issue = run("pki", "issue", "--dir", dir, "--csr", tmp.resolve("x.csr").toString());
        assertThat(issue.exit()).isEqualTo(2);
        assertThat(issue.err()).contains("no registry of approved participants at " + Path.of(dir, "registry.json"));
        MainTest.Result twice = run("pki", "init-ca", "--dir", dir, "--name", "Again");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("already holds a CA (ca.key); not overwriting it");
    }

    @Test
    void showWithoutCa() throws Exception {
        String dir = ca();
        MainTest.Result show = run("pki", "show", Path.of(dir, "ca.crt").toString());
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("serial:     1", "attributes: (unreadable: certificate 1: carries no subject "
                + "directory attributes (2.5.29.9))", "status:     not checked");
    }
}
