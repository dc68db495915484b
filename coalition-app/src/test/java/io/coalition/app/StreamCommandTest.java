package io.coalition.app;

import io.coalition.eventlog.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.coalition.app.MainTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class StreamCommandTest {
    @TempDir
    Path tmp;

    Path policies() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("policies"));
        try (var in = StreamCommandTest.class.getResourceAsStream("stream/agent-masker.xml")) {
            Files.write(dir.resolve("agent-masker.xml"), in.readAllBytes());
        }
        return dir;
    }

    @Test
    void convert_writesNQuadsOfEveryCase() throws Exception {
        Path out = tmp.resolve("running.nq");
        MainTest.Result r = run("stream", "convert", "--log", TestData.require("xes/running-example.xes").toString(),
                "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(r.out()).isEqualTo(lines.size() + " triples written to " + out + System.lineSeparator());
        assertThat(lines).contains("<urn:coalition:log:task:3:0> <urn:coalition:log#performedBy> "
                + "<urn:coalition:log:agent:Pete> <urn:coalition:log:process:3> .");
    }

    @Test
    void replay_masksHumanAgentsForTheMaskerAndRefusesAStranger() throws Exception {
        Path log = TestData.require("xes/running-example.xes");
        Path out = tmp.resolve("out");
        MainTest.Result r = run("stream", "replay", "--log", log.toString(), "--policies", policies().toString(),
                "--requester", "mia:role=agent-masker", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> mia = Files.readAllLines(out.resolve("mia.nq"));
        assertThat(mia).contains("<urn:coalition:log:agent:Pete> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                + "<urn:coalition:log#generic> <urn:coalition:log:process:3> .");
        assertThat(mia).noneMatch(l -> l.contains("urn:coalition:log#human"));
        assertThat(r.out()).contains("  mia: " + mia.size() + " triples visible -> " + out.resolve("mia.nq"));

        MainTest.Result refused = run("stream", "replay", "--log", log.toString(), "--policies",
                policies().toString(), "--requester", "eve:role=intruder", "--out", tmp.resolve("eve").toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("coalition: requester 'eve' may not read the stream: the PDP decided "
                + "NOT_APPLICABLE" + System.lineSeparator());
        assertThat(tmp.resolve("eve")).doesNotExist();
    }

    @Test
    void examplePolicies_areWrittenAndServeTheSeedsLoanPolicy() throws Exception {
        Path dir = tmp.resolve("examples");
        MainTest.Result r = run("stream", "example-policies", "-o", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("8 policies written to " + dir + "; roles: process-analyst, "
                + "process-analyst-scaled, amount-auditor, agent-masker, resource-hider, activity-auditor, "
                + "pseudonym-auditor" + System.lineSeparator());
        assertThat(dir.resolve("loan-analyst.xml")).exists();
        Path out = tmp.resolve("out");
        MainTest.Result replay = run("stream", "replay", "--log", TestData.require("xes/running-example.xes").toString(),
                "--policies", dir.toString(), "--requester", "ann:role=process-analyst",
                "--requester", "hal:role=resource-hider", "--out", out.toString());
        assertThat(replay.exit()).as(replay.err()).isZero();
        // the running example has no loans: the analyst sees everything, the hider no performer
        assertThat(Files.readAllLines(out.resolve("ann.nq"))).anyMatch(l -> l.contains("#performedBy"));
        assertThat(Files.readAllLines(out.resolve("hal.nq"))).isNotEmpty().noneMatch(l -> l.contains("#performedBy"));
    }

    @Test
    void replay_rejectsAMalformedRequester() throws Exception {
        MainTest.Result r = run("stream", "replay", "--log", "x.xes", "--policies", policies().toString(),
                "--requester", "mia", "--out", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("--requester 'mia': expected NAME:ATTR=VALUE[,ATTR=VALUE...]");
    }

    @Test
    void replay_overRedis_writesWhatTheEmbeddedBusWrites() throws Exception {
        String redis = System.getenv("COALITION_REDIS_URL");
        if (redis == null || redis.isBlank()) {
            String reason = "COALITION_REDIS_URL is not set (.ci/run starts redis-server and sets it)";
            org.junit.jupiter.api.Assertions.assertNotEquals("1", System.getenv("COALITION_REQUIRE_BACKENDS"), reason);
            org.junit.jupiter.api.Assumptions.abort(reason);
        }
        Path log = TestData.require("xes/running-example.xes");
        for (String bus : List.of("embedded", redis)) {
            Path out = tmp.resolve(bus.equals("embedded") ? "embedded" : "redis");
            MainTest.Result r = run("stream", "replay", "--log", log.toString(), "--policies", policies().toString(),
                    "--requester", "mia:role=agent-masker", "--requester", "max:role=agent-masker", "--block", "7",
                    "--bus", bus, "--out", out.toString());
            assertThat(r.exit()).as(r.err()).isZero();
        }
        for (String who : List.of("mia.nq", "max.nq")) {
            assertThat(Files.readAllLines(tmp.resolve("redis").resolve(who)))
                    .isEqualTo(Files.readAllLines(tmp.resolve("embedded").resolve(who))).isNotEmpty();
        }
        MainTest.Result bad = run("stream", "replay", "--log", log.toString(), "--policies", policies().toString(),
                "--requester", "mia:role=agent-masker", "--bus", "amqp://broker", "--out", tmp.resolve("x").toString());
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("stream bus 'amqp://broker': expected embedded or a Redis URL (redis://host:port)");
    }
}
