package io.coalition.app;

import io.coalition.policy.AccessRequest;
import io.coalition.policy.Attribute;
import io.coalition.policy.Decision;
import io.coalition.policy.PdpOptions;
import io.coalition.policy.PolicyDecisionPoint;
import io.coalition.policy.PolicyJson;
import io.coalition.policy.XacmlResponse;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.ParticipantAttributes;
import io.coalition.trust.pki.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code coalition policy decide}: one request against XACML 3.0 policies. */
@Command(name = "decide", mixinStandardHelpOptions = true,
        description = {"Decide a request against XACML 3.0 policies (embedded AuthzForce PDP) and print the decision,"
                + " its status, obligations and advice.",
                "REQUEST is a XACML 3.0 XML Request or Coalition's JSON request (see coalition-policy/README.md):",
                "  {\"subject\": {\"Role\": \"MedicalHub\"}, \"action\": \"read\","
                        + " \"resource\": {\"Age\": 61}, \"environment\": {}}",
                "With --subject-cert, the subject attributes come from a participant certificate, checked against"
                        + " the CA (--ca) first: IdentificationNumber, Role, Country, CountryCode, Organization,"
                        + " ParticipantTypes, IDCheck."})
final class PolicyDecideCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "P", split = ",",
            description = "a policy file or a directory of *.xml policies (repeatable)")
    List<Path> policies;

    @Option(names = "--root", paramLabel = "ID",
            description = "the root PolicyId or PolicySetId (default: the only policy no other one references)")
    String root;

    @Option(names = "--request", required = true, paramLabel = "R", description = "the request, XML or JSON")
    Path request;

    @Option(names = "--subject-cert", paramLabel = "CERT.pem",
            description = "take the subject attributes from this participant certificate (JSON requests)")
    Path subjectCert;

    @Option(names = "--ca", paramLabel = "DIR",
            description = "folder with the CA certificate (ca.crt) and its CRL (crl.pem) to check --subject-cert")
    Path ca;

    @Option(names = "--xpath", description = "enable XACML's optional XPath features (AttributeSelector,"
            + " xpathExpression) for XML requests with Content")
    boolean xpath;

    @Option(names = "--multiple-decisions", description = "accept XML requests that repeat a category"
            + " (Multiple Decision Profile): one decision per combination")
    boolean multipleDecisions;

    @Option(names = "--json", description = "print the decisions as JSON")
    boolean json;

    @Option(names = "--xacml", description = "print the XACML XML response (XML requests)")
    boolean xacml;

    @Override
    public Integer call() {
        if (subjectCert != null && ca == null) {
            throw new ParameterException(spec.commandLine(),
                    "--subject-cert needs --ca DIR: a certificate's attributes are used only once it is checked");
        }
        if (json && xacml) throw new ParameterException(spec.commandLine(), "--json and --xacml exclude each other");
        String text = read(request);
        boolean isXml = text.stripLeading().startsWith("<") || text.startsWith("\uFEFF<");
        if (isXml && subjectCert != null) {
            throw new ParameterException(spec.commandLine(), "--subject-cert works with JSON requests only");
        }
        if (!isXml && xacml) throw new ParameterException(spec.commandLine(), "--xacml needs a XACML XML request");

        PdpOptions options = new PdpOptions(root, xpath, multipleDecisions);
        try (PolicyDecisionPoint pdp = PolicyDecisionPoint.load(options, policies)) {
            PrintWriter out = spec.commandLine().getOut();
            List<Decision> decisions;
            if (isXml) {
                XacmlResponse response = pdp.decideXml(text, request.toString());
                if (xacml) {
                    out.print(response.xml());
                    out.flush();
                    return 0;
                }
                decisions = response.decisions();
            } else {
                AccessRequest parsed = PolicyJson.readRequest(text, request.toString());
                if (subjectCert != null) parsed = withCertificateSubject(parsed);
                decisions = List.of(pdp.decide(parsed));
            }
            if (json) {
                out.println(PolicyJson.write(pdp.rootPolicyId(), decisions));
            } else {
                print(out, pdp, decisions);
            }
            return 0;
        }
    }

    /** Replaces the request's subject attributes with the certificate's, after checking it (fail closed). */
    private AccessRequest withCertificateSubject(AccessRequest parsed) {
        X509Certificate caCert = Pem.readCertificate(ca.resolve("ca.crt"));
        var crl = Pem.readCrl(ca.resolve("crl.pem"));
        X509Certificate cert = Pem.readCertificate(subjectCert);
        ParticipantAttributes attributes = new CertificateValidator(caCert, () -> crl).validate(cert, PkiCommand.clock());
        AccessRequest.Builder b = AccessRequest.builder().returnPolicyIdList(parsed.returnPolicyIdList());
        for (Attribute a : parsed.attributes()) {
            if (a.category().equals(AccessRequest.SUBJECT)) {
                throw new ParameterException(spec.commandLine(), request + ": has subject attribute '" + a.id()
                        + "'; with --subject-cert the subject comes from the certificate only");
            }
            b.attribute(a);
        }
        ParticipantSubject.attributes(attributes).forEach(b::attribute);
        return b.build();
    }

    private static void print(PrintWriter out, PolicyDecisionPoint pdp, List<Decision> decisions) {
        for (Decision d : decisions) {
            out.println("decision: " + d.verdict().xacml());
            Decision.Status s = d.status();
            out.println("status:   " + (s.isOk() ? "ok" : s.code() + (s.subCode() == null ? "" : " / " + s.subCode()))
                    + (s.message() == null ? "" : " (" + s.message() + ")"));
            printActions(out, "obligation", d.obligations());
            printActions(out, "advice", d.advice());
            for (Decision.PolicyReference p : d.applicablePolicies()) {
                out.println("applicable " + (p.policySet() ? "PolicySet " : "Policy ") + p.id() + " v" + p.version());
            }
        }
        out.println("policy:   " + pdp.rootPolicyId() + " (" + pdp.files().size() + " file"
                + (pdp.files().size() == 1 ? "" : "s") + ")");
    }

    private static void printActions(PrintWriter out, String kind, List<Decision.PepAction> actions) {
        for (Decision.PepAction a : actions) {
            out.println(kind + ": " + a.id());
            for (Decision.AttributeAssignment x : a.assignments()) {
                out.println("  " + x.attributeId() + " = " + x.value()
                        + (x.category() == null ? "" : "  [" + x.category() + "]"));
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("request " + file + ": not found");
        } catch (IOException e) {
            throw new UncheckedIOException("request " + file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
