package io.coalition.mining;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphvizTest {
    @Test
    void missingProgramIsExplained() {
        assertThatThrownBy(() -> Graphviz.toSvg("digraph { a -> b }", "no-such-dot-program"))
                .isExactlyInstanceOf(MiningException.class)
                .hasMessage("SVG output needs Graphviz's 'no-such-dot-program' program, which was not found "
                        + "(Debian: apt-get install graphviz; or write .dot and render it elsewhere)");
    }

    @Test
    void rendersAndReportsSyntaxErrors() {
        Assumptions.assumeTrue(available(), "Graphviz 'dot' is not installed (.ci/run installs it)");
        assertThat(Graphviz.toSvg("digraph { a -> b }")).contains("<svg").contains("<title>a&#45;&gt;b</title>");
        assertThatThrownBy(() -> Graphviz.toSvg("digraph { a -> }"))
                .isExactlyInstanceOf(MiningException.class)
                .hasMessageStartingWith("Graphviz failed (exit 1): Error: <stdin>: syntax error in line 1");
    }

    static boolean available() {
        try {
            return new ProcessBuilder("dot", "-V").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
