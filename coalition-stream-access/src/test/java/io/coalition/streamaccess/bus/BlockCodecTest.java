package io.coalition.streamaccess.bus;

import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.TestData;
import io.coalition.streamaccess.StreamAccessException;
import io.coalition.streamaccess.rdf.ProcessTriple;
import io.coalition.streamaccess.rdf.XesToRdf;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.TextDirection;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.out.NodeFmtLib;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Wire format 2 of the Redis bus: exact round trip, one dictionary entry per distinct term, fail-closed decoding. */
class BlockCodecTest {
    private static final Node P = NodeFactory.createURI("urn:coalition:log#case%20173688");
    private static final Node S = NodeFactory.createURI("urn:coalition:log#task-1");
    private static final Node PRED = NodeFactory.createURI("urn:coalition:log#p");

    @Test
    void everyKindOfTerm_roundTripsExactly() {
        List<ProcessTriple> block = new ArrayList<>();
        for (Node o : List.of(NodeFactory.createLiteralString("a \"q\"\nnew line\ttab \\ ; 3: ,"),
                NodeFactory.createLiteralString(""),
                NodeFactory.createLiteralLang("Überprüfung ✓ 日本 \uD83D\uDE00", "de-CH"),
                NodeFactory.createLiteralDirLang("שלום", "he", TextDirection.RTL),
                NodeFactory.createLiteralDT("20000", XSDDatatype.XSDinteger),
                NodeFactory.createLiteralDT("2011-10-01T00:38:44.546+02:00", XSDDatatype.XSDdateTime),
                NodeFactory.createLiteralDT("x", NodeFactory.getType("urn:custom:type")),
                NodeFactory.createLiteralDT("not a number", XSDDatatype.XSDinteger), // ill-formed stays as it is
                NodeFactory.createURI("http://ebtic.org/bpm#Task"))) {
            block.add(new ProcessTriple(P, Triple.create(S, PRED, o)));
        }
        List<ProcessTriple> back = BlockCodec.decode(BlockCodec.encode(block));
        assertThat(back).isEqualTo(block);
        for (int i = 0; i < block.size(); i++) { // same term, not only equal by value
            assertThat(NodeFmtLib.strNT(back.get(i).triple().getObject()))
                    .isEqualTo(NodeFmtLib.strNT(block.get(i).triple().getObject()));
        }
    }

    @Test
    void aRepeatedTerm_isWrittenOnce() {
        List<ProcessTriple> block = List.of(new ProcessTriple(P, Triple.create(S, PRED, S)),
                new ProcessTriple(P, Triple.create(P, PRED, S)));
        assertThat(BlockCodec.encode(block)).isEqualTo("3;I24:urn:coalition:log#task-1I19:urn:coalition:log#p"
                + "I31:urn:coalition:log#case%20173688" + "0,1,0,2;2,1,0,2;");
    }

    @Test
    void bpic2012_roundTripsBlockByBlock_inUnderHalfTheNQuadsSize() {
        List<ProcessTriple> stream = new ArrayList<>();
        int[] cases = {0};
        try {
            XesToRdf.bpic2012().stream(TestData.require("xes/bpic2012.xes.gz"), ProgressListener.NONE, c -> {
                stream.addAll(c);
                if (++cases[0] == 200) throw new IllegalStateException("enough");
            });
        } catch (IllegalStateException enough) {
            // the first 200 cases
        }
        long wire = 0;
        long nquads = 0;
        for (int i = 0; i < stream.size(); i += 10) {
            List<ProcessTriple> block = stream.subList(i, Math.min(stream.size(), i + 10));
            String body = BlockCodec.encode(block);
            assertThat(BlockCodec.decode(body)).isEqualTo(block);
            wire += body.length();
            for (ProcessTriple pt : block) {
                nquads += (NodeFmtLib.strNT(pt.triple().getSubject()) + NodeFmtLib.strNT(pt.triple().getPredicate())
                        + NodeFmtLib.strNT(pt.triple().getObject()) + NodeFmtLib.strNT(pt.process())).length() + 6;
            }
        }
        assertThat(stream).hasSizeGreaterThan(30_000);
        assertThat((double) wire / nquads).isLessThan(0.5);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "~~|at character 0: expected a number",
        "1;|at character 2: expected term 0 of 1",
        "1;X1:a|at character 2: expected a term kind I, S, L, D or T, found 'X'",
        "1;I9:urn:a|at character 3: expected 9 characters, found 5",
        "1;I0:|at character 2: expected a non-empty IRI",
        "1;I5:urn:a0,0,0;|at character 15: expected ','",
        "1;I5:urn:a0,0,0,1;|at character 16: expected a term index below 1, found 1",
        "2;I5:urn:aS1:x1,0,0,0;|at character 14: expected a quad whose subject, predicate and graph are IRIs",
        "2;I5:urn:aS1:x0,0,0,1;|at character 14: expected a quad whose subject, predicate and graph are IRIs",
        "2;S1:xT0,1:1|at character 6: expected a datatype that is an earlier IRI term",
        "2;I5:urn:aT1,1:1|at character 10: expected a datatype that is an earlier IRI term",
        "1;L4:e n!2:hi|at character 2: expected a language tag, found 'e n!'",
        "1;D2:en3:up!2:hi|at character 2: expected base direction ltr or rtl",
        "1;I5:urn:a0,0,0,0;x|at character 18: expected a number",
        "99999999999;|at character 0: expected a number below 2^31",
    })
    void aMalformedBlock_isRefused_withWhereAndWhat(String body, String message) {
        assertThatThrownBy(() -> BlockCodec.decode(body)).isInstanceOf(BlockCodec.MalformedBlockException.class)
                .isInstanceOf(StreamAccessException.class).hasMessage(message);
    }

    @Test
    void anIriThatWouldBreakNQuadsOutput_isRefused() {
        for (String bad : List.of("urn:a b", "urn:a>", "urn:<a", "urn:\"a", "urn:{a}", "urn:a|b", "urn:a^b", "urn:`a",
                "urn:a\\u0041", "urn:a\nb")) {
            String body = "1;I" + bad.length() + ":" + bad + "0,0,0,0;";
            assertThatThrownBy(() -> BlockCodec.decode(body)).as(bad)
                    .hasMessageStartingWith("at character 2: expected an IRI without spaces, control characters or");
        }
    }
}
