package io.coalition.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class PolicyCompileCommandTest {
    static final String NL = System.lineSeparator();
    static final String PREFIX = "http://axiomatics.com/alfa/identifier/";

    @TempDir
    Path tmp;

    Path file(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static final String ATTRIBUTES = """
            namespace demo.attrs {
                attribute role { id = "role" type = string category = subjectCat }
            }
            """;

    static final String MAIN = """
            namespace demo {
                import demo.attrs.*
                policy readers {
                    apply firstApplicable
                    rule { permit condition role == "reader" }
                }
            }
            """;

    @Test
    void compilesFilesTogether_writesOneXacmlFilePerPolicy_thatThePdpDecides() throws Exception {
        Path out = tmp.resolve("xacml");
        MainTest.Result r = run("policy", "compile", file("attributes.alfa", ATTRIBUTES).toString(),
                file("main.alfa", MAIN).toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        Path written = out.resolve("demo.readers.xml");
        assertThat(r.out()).isEqualTo("policy " + PREFIX + "demo.readers -> " + written + NL
                + "1 XACML file written to " + out + NL);
        assertThat(Files.readString(written)).contains("PolicyId=\"" + PREFIX + "demo.readers\"");
        try (var listing = Files.list(out)) {
            assertThat(listing).containsExactly(written); // no temporary files left behind
        }

        Path request = file("reader.json", "{\"subject\": {\"role\": \"reader\"}, \"action\": \"read\"}");
        MainTest.Result d = run("policy", "decide", "--policy", out.toString(), "--request", request.toString());
        assertThat(d.exit()).as(d.err()).isZero();
        assertThat(d.out()).startsWith("decision: Permit" + NL);
    }

    @Test
    void alfaError_isReportedWithFileLineAndColumn_exitCode2_andNothingWritten() throws Exception {
        Path out = tmp.resolve("xacml");
        Path bad = file("main.alfa", MAIN.replace("policy readers {", "policy readers"));
        MainTest.Result r = run("policy", "compile", file("attributes.alfa", ATTRIBUTES).toString(),
                bad.toString(), "-o", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: main.alfa:4:9: expected '{' after policy name, found 'apply'" + NL);
        assertThat(r.out()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void missingOutputOption_isAUsageError() throws Exception {
        MainTest.Result r = run("policy", "compile", file("main.alfa", MAIN).toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("Missing required option: '--output=DIR'");
    }

    @Test
    void unreadableSource_namesTheFile() {
        Path missing = tmp.resolve("missing.alfa");
        MainTest.Result r = run("policy", "compile", missing.toString(), "-o", tmp.resolve("x").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("coalition: cannot read ALFA file " + missing + ": ");
    }
}
