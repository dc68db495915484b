package io.coalition.app;

import io.coalition.trust.TrustException;
import io.coalition.trust.pki.CertificateAuthority;
import io.coalition.trust.pki.CertificateAuthority.RevocationReason;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.Enrollment;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.ParticipantRegistry;
import io.coalition.trust.pki.ParticipantType;
import io.coalition.trust.pki.Pem;
import io.coalition.trust.pki.RegistrationAuthority;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code coalition pki ...}: the participant certificate authority and registration authority. */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = {"Participant PKI: a CA, enrollment requests, RA-checked issuance, revocation (CRL).",
                "Certificates carry role, country, organization, identification number and participant types "
                        + "as subject directory attributes (seed 004, Listing 1)."},
        subcommands = {PkiCommand.InitCa.class, PkiCommand.Enroll.class, PkiCommand.Issue.class,
                PkiCommand.Revoke.class, PkiCommand.Show.class})
final class PkiCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Clock clock() {
        return Clock.systemUTC();
    }

    @Command(name = "init-ca", mixinStandardHelpOptions = true,
            description = "Create a CA (self-signed ECDSA P-256, 10 years) in DIR: ca.crt, ca.key (owner-only), "
                    + "state.json, crl.pem.")
    static final class InitCa implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the CA folder (created)")
        Path dir;
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "the CA's common name")
        String name;

        @Override
        public Integer call() {
            CertificateAuthority ca = CertificateAuthority.init(dir, name, clock());
            PrintWriter out = spec.commandLine().getOut();
            out.println("CA " + ca.certificate().getSubjectX500Principal().getName() + " created in " + dir);
            out.println("  certificate: " + dir.resolve("ca.crt"));
            out.println("  private key: " + dir.resolve("ca.key") + " (owner-only)");
            out.println("  CRL:         " + dir.resolve("crl.pem"));
            return 0;
        }
    }

    @Command(name = "enroll", mixinStandardHelpOptions = true,
            description = "Create a participant key pair (ECDSA P-256) and a certificate request (PKCS#10) "
                    + "that requests the given attributes: PREFIX.key (owner-only) and PREFIX.csr.")
    static final class Enroll implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", paramLabel = "DIR", description = "folder for the output files (default: PREFIX as given)")
        Path dir;
        @Option(names = "--subject", required = true, paramLabel = "NAME", description = "the participant's name (CN)")
        String subject;
        @Option(names = "--role", required = true, paramLabel = "R", description = "e.g. MedicalHub")
        String role;
        @Option(names = "--country", required = true, paramLabel = "C", description = "ISO 3166 code or English name, e.g. IT or Italy")
        String country;
        @Option(names = "--id", required = true, paramLabel = "ID", description = "identification number, e.g. IT-001-2000")
        String id;
        @Option(names = "--org", paramLabel = "O", description = "organization name (optional)")
        String organization;
        @Option(names = "--types", required = true, split = ",", paramLabel = "T1,T2",
                description = "participant types, e.g. 'Data Provider,Decider' or data-provider,decider")
        List<String> types;
        @Option(names = "--id-check", arity = "1", defaultValue = "true", paramLabel = "true|false",
                description = "request IDCheck=True (default: ${DEFAULT-VALUE})")
        boolean idCheck;
        @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "writes PREFIX.key and PREFIX.csr")
        String prefix;

        @Override
        public Integer call() {
            Set<ParticipantType> set = EnumSet.noneOf(ParticipantType.class);
            for (String t : types) set.add(ParticipantType.parse(t));
            ParticipantAttributes requested = new ParticipantAttributes(id, role, country, organization, set, idCheck);
            Path base = dir == null ? Path.of(prefix) : dir.resolve(prefix);
            Path keyFile = sibling(base, ".key");
            Path csrFile = sibling(base, ".csr");
            if (Files.exists(keyFile)) throw new TrustException(keyFile + " already exists; not overwriting a private key");
            KeyPair keys = Enrollment.newKeyPair();
            PKCS10CertificationRequest csr = Enrollment.request(keys, subject, requested);
            Pem.writePrivateKey(keyFile, keys.getPrivate());
            Pem.write(csrFile, csr);
            PrintWriter out = spec.commandLine().getOut();
            out.println("request for CN=" + subject + ": " + requested);
            out.println("  private key: " + keyFile + " (owner-only)");
            out.println("  request:     " + csrFile);
            return 0;
        }
    }

    static Path sibling(Path base, String extension) {
        return base.resolveSibling(base.getFileName() + extension);
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = {"Review a certificate request against the registry of approved participants (RA) and, "
                    + "when every requested attribute is approved, issue the certificate (CA).",
                    "The registry is JSON: {\"participants\": [{\"subject\", \"identificationNumber\", \"role\", "
                            + "\"country\", \"organization\", \"participantTypes\", \"idCheck\"}]}."})
    static final class Issue implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the CA folder")
        Path dir;
        @Option(names = "--csr", required = true, paramLabel = "FILE", description = "the request (PEM)")
        Path csrFile;
        @Option(names = "--registry", paramLabel = "FILE", description = "approved participants (default: DIR/registry.json)")
        Path registry;
        @Option(names = "--days", defaultValue = "365", paramLabel = "N", description = "validity in days (default: ${DEFAULT-VALUE})")
        int days;
        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "the certificate (default: the request's name with .crt)")
        Path out;

        @Override
        public Integer call() {
            if (days <= 0) throw new IllegalArgumentException("--days must be positive, got " + days);
            Path registryFile = registry == null ? dir.resolve("registry.json") : registry;
            if (!Files.isRegularFile(registryFile)) {
                throw new TrustException("no registry of approved participants at " + registryFile + " (pass --registry FILE)");
            }
            CertificateAuthority ca = CertificateAuthority.open(dir, clock());
            RegistrationAuthority ra = new RegistrationAuthority(ParticipantRegistry.load(registryFile), ca,
                    Duration.ofDays(days));
            X509Certificate cert = ra.enroll(Pem.readCsr(csrFile));
            Path target = out != null ? out : csrFile.resolveSibling(
                    csrFile.getFileName().toString().replaceFirst("\\.csr$", "") + ".crt");
            Pem.write(target, cert);
            PrintWriter o = spec.commandLine().getOut();
            o.println("issued certificate " + cert.getSerialNumber() + " for " + cert.getSubjectX500Principal().getName()
                    + ", valid until " + cert.getNotAfter().toInstant());
            o.println("  attributes:  " + ParticipantAttributes.of(cert));
            o.println("  certificate: " + target);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a certificate by serial number and publish a new CRL (DIR/crl.pem).")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the CA folder")
        Path dir;
        @Option(names = "--serial", required = true, paramLabel = "N", description = "the certificate's serial number")
        BigInteger serial;
        @Option(names = "--reason", defaultValue = "unspecified", paramLabel = "R",
                description = "one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        RevocationReason reason;

        @Override
        public Integer call() {
            CertificateAuthority ca = CertificateAuthority.open(dir, clock());
            CertificateAuthority.Revocation r = ca.revoke(serial, reason);
            spec.commandLine().getOut().println("revoked certificate " + r.serial() + " at " + r.revokedAt()
                    + " (" + r.reason().name().toLowerCase(java.util.Locale.ROOT) + "); CRL: " + dir.resolve("crl.pem"));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print a certificate's subject, serial, validity and attributes, and, with --dir, its "
                    + "status against the CA: signature, validity, revocation (a fresh CRL, also written to "
                    + "DIR/crl.pem), key usage.",
                    "Exits 0 when the certificate is valid (or no CA is given), 2 when it is not."})
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE", description = "the certificate (PEM)")
        Path file;
        @Option(names = "--dir", paramLabel = "DIR", description = "the CA folder to check the certificate against")
        Path dir;

        @Override
        public Integer call() {
            X509Certificate cert = Pem.readCertificate(file);
            PrintWriter out = spec.commandLine().getOut();
            out.println("subject:    " + cert.getSubjectX500Principal().getName());
            out.println("issuer:     " + cert.getIssuerX500Principal().getName());
            out.println("serial:     " + cert.getSerialNumber());
            out.println("validity:   " + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant());
            String attributes;
            try {
                attributes = ParticipantAttributes.of(cert).toString();
            } catch (TrustException e) {
                attributes = "(unreadable: " + e.getMessage() + ")";
            }
            out.println("attributes: " + attributes);
            if (dir == null) {
                out.println("status:     not checked (pass --dir with the CA folder)");
                return 0;
            }
            CertificateAuthority ca = CertificateAuthority.open(dir, clock());
            var crl = ca.crl();
            Pem.write(dir.resolve("crl.pem"), crl);
            try {
                new CertificateValidator(ca.certificate(), () -> crl).validate(cert, clock());
                out.println("status:     valid (CA " + ca.certificate().getSubjectX500Principal().getName() + ")");
                return 0;
            } catch (TrustException e) {
                out.println("status:     INVALID: " + e.getMessage());
                return Main.EXIT_BAD_INPUT;
            }
        }
    }
}
