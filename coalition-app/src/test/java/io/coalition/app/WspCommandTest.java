package io.coalition.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class WspCommandTest {
    static final String NL = System.lineSeparator();

    @TempDir
    Path tmp;

    // u1 may do only s1; s1 != s2, s2 == s3, at most 2 users over s1..s3
    static final String SAT = "#Steps: 3\n#Users: 3\n#Constraints: 4\nAuthorisations u1 s1\nSeparation-of-duty s1 s2\n"
            + "Binding-of-duty s2 s3\nAt-most-k 2 s1 s2 s3\n";

    @Test
    void satisfiableInstancePrintsAValidatedPlan() throws Exception {
        Path f = Files.writeString(tmp.resolve("i.txt"), SAT);
        MainTest.Result r = run("wsp", f.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("sat\ns1: u1\ns2: u2\ns3: u2\n");
        assertThat(r.err()).startsWith("wsp: " + f + ", 3 steps, 3 users: sat in ").endsWith(" ms (auto solver, plan validated)" + NL);
    }

    @Test
    void allSolversAgreeOnAnUnsatisfiableInstance() throws Exception {
        // s2 and s3 both bound and separated
        Path f = Files.writeString(tmp.resolve("u.txt"), SAT.replace("#Constraints: 4", "#Constraints: 5") + "Separation-of-duty s2 s3\n");
        for (String solver : new String[]{"auto", "pattern", "backtracking", "sat"}) {
            MainTest.Result r = run("wsp", f.toString(), "--solver", solver);
            assertThat(r.exit()).as(solver + ": " + r.err()).isZero();
            assertThat(r.out()).as(solver).isEqualTo("unsat\n");
        }
    }

    @Test
    void oneTeamInstancesFallBackToBacktracking() throws Exception {
        Path f = Files.writeString(tmp.resolve("t.txt"), "#Steps: 2\n#Users: 3\n#Constraints: 1\nOne-team s1 s2 (u2 u3) (u1)\n");
        MainTest.Result r = run("wsp", f.toString(), "--solver", "pattern");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("wsp: " + f + " has one-team constraints; using the backtracking solver" + NL);
        assertThat(r.out()).startsWith("sat\n");
    }

    @Test
    void badInstanceNamesFileAndLine() throws Exception {
        Path f = Files.writeString(tmp.resolve("b.txt"), "#Steps: 2\n#Users: 2\n#Constraints: 1\nSeparation-of-duty s1 s9\n");
        MainTest.Result r = run("wsp", f.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: " + f + ":4: 's9' is outside s1..s2" + NL);
    }

    @Test
    void nodeBudgetIsReportedAsAnError() throws Exception {
        Path f = Files.writeString(tmp.resolve("i.txt"), SAT);
        MainTest.Result r = run("wsp", f.toString(), "--solver", "pattern", "--max-nodes", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("coalition: pattern search stopped after 1 nodes on an instance of 3 steps and 3 users"
                + " (use the SAT solver or a larger budget)" + NL);
    }
}
