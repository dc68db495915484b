package io.coalition.eventlog.xes;

import io.coalition.eventlog.EventLogException;
import io.coalition.eventlog.ProgressListener;
import io.coalition.eventlog.TestData;
import io.coalition.eventlog.io.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input fails with one exception type whose message names the file, the place and what was expected. */
class XesBadInputTest {
    @TempDir
    Path tmp;

    private static final String HEAD = "<log xes.version=\"1849-2016\">\n<trace>\n<event>\n";

    private Path file(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content);
    }

    @Test
    void truncatedGzip() throws Exception {
        byte[] full = Files.readAllBytes(TestData.require("xes/08_receipt.xes.gz"));
        Path cut = Files.write(tmp.resolve("cut.xes.gz"), Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> XesReader.read(cut, ReadOptions.DEFAULT))
                .isExactlyInstanceOf(EventLogException.class)
                .hasMessage(cut + ": unexpected end of gzip data: the file is truncated");
    }

    @Test
    void emptyFile() throws Exception {
        Path empty = file("empty.xes", "");
        assertThatThrownBy(() -> XesReader.read(empty, ReadOptions.DEFAULT))
                .isExactlyInstanceOf(EventLogException.class)
                .hasMessage(empty + ": empty file: expected an XES document");
    }

    @Test
    void missingFile() {
        Path missing = tmp.resolve("missing.xes");
        assertThatThrownBy(() -> XesReader.read(missing, ReadOptions.DEFAULT))
                .isExactlyInstanceOf(EventLogException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void malformedXmlNamesLineAndColumn() throws Exception {
        Path bad = file("bad.xes", HEAD + "<string key=\"a\" value=\"b\">\n</event>\n</trace>\n</log>\n");
        assertThatThrownBy(() -> XesReader.read(bad, ReadOptions.DEFAULT))
                .isExactlyInstanceOf(EventLogException.class)
                .hasMessage(bad + ":5:7: malformed XML: Unexpected close tag </event>; expected </string>.");
    }

    @Test
    void valueThatDoesNotParseAsItsType() throws Exception {
        Path intFile = file("int.xes", HEAD + "<int key=\"cost\" value=\"12x\"/>\n</event>\n</trace>\n</log>\n");
        assertThatThrownBy(() -> XesReader.read(intFile, ReadOptions.DEFAULT))
                .isExactlyInstanceOf(EventLogException.class)
                .hasMessage(intFile + ":4:1: <int key=\"cost\"> value \"12x\" is not an integer");
        Path dateFile = file("date.xes", HEAD + "<date key=\"time:timestamp\" value=\"2020-13-01T00:00:00Z\"/>\n"
                + "</event>\n</trace>\n</log>\n");
        assertThatThrownBy(() -> XesReader.read(dateFile, ReadOptions.DEFAULT))
                .isExactlyInstanceOf(EventLogException.class)
                .hasMessage(dateFile + ":4:1: <date key=\"time:timestamp\"> value \"2020-13-01T00:00:00Z\" is not an "
                        + "xs:dateTime (YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm])");
    }

    @Test
    void notXesAtAll() throws Exception {
        Path html = file("page.xes", "<html><body/></html>");
        assertThatThrownBy(() -> XesReader.read(html, ReadOptions.DEFAULT))
                .isExactlyInstanceOf(EventLogException.class)
                .hasMessage(html + ":1:1: expected <log> as the root element, found <html>");
        Path text = file("text.xes", "case,activity\n1,a\n");
        assertThatThrownBy(() -> XesReader.read(text, ReadOptions.DEFAULT))
                .isExactlyInstanceOf(EventLogException.class)
                .hasMessageStartingWith(text + ":1:1: malformed XML: ");
    }

    @Test
    void externalEntitiesAreNeverRead() throws Exception {
        Path secret = file("secret.txt", "TOP-SECRET");
        Path xxe = file("xxe.xes", "<?xml version=\"1.0\"?>\n<!DOCTYPE log [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>\n"
                + HEAD + "<string key=\"concept:name\" value=\"&s;\"/>\n</event>\n</trace>\n</log>\n");
        assertThatThrownBy(() -> XesReader.read(xxe, ReadOptions.DEFAULT))
                .isExactlyInstanceOf(EventLogException.class)
                .hasMessage(xxe + ":2:1: DOCTYPE declarations are not allowed in XES (no DTDs, no entities)")
                .message().doesNotContain("TOP-SECRET");
    }

    @Test
    void entityExpansionBombIsRefused() throws Exception {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE log [<!ENTITY a0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>\n");
        Path bomb = file("bomb.xes", dtd + HEAD + "<string key=\"concept:name\" value=\"&a9;\"/>\n</event>\n</trace>\n</log>\n");
        assertThatThrownBy(() -> XesReader.read(bomb, ReadOptions.DEFAULT))
                .isExactlyInstanceOf(EventLogException.class)
                .hasMessage(bomb + ":2:1: DOCTYPE declarations are not allowed in XES (no DTDs, no entities)");
    }

    @Test
    void gzipIsRecognizedByContentNotName() throws Exception {
        Path renamed = Files.copy(TestData.require("xes/08_receipt.xes.gz"), tmp.resolve("receipt.log"));
        assertThat(XesReader.read(renamed, ReadOptions.DEFAULT).traces()).hasSize(1434);
    }

    @Test
    void progressIsReportedAndCancellationStops() {
        Path file = TestData.require("xes/bpic2012.xes.gz");
        AtomicLong last = new AtomicLong(-1);
        AtomicLong calls = new AtomicLong();
        XesReader.read(file, ReadOptions.DEFAULT.withProgress((done, total) -> {
            assertThat(done).isGreaterThanOrEqualTo(last.get());
            last.set(done);
            calls.incrementAndGet();
            assertThat(total).isEqualTo(3_341_826L);
        }));
        assertThat(last.get()).isEqualTo(3_341_826L);
        assertThat(calls.get()).isGreaterThan(1);

        ProgressListener cancelAfterAMegabyte = new ProgressListener() {
            long done;

            @Override
            public void progress(long d, long total) {
                done = d;
            }

            @Override
            public boolean isCancelled() {
                return done > 1 << 20;
            }
        };
        assertThatThrownBy(() -> XesReader.read(file, ReadOptions.DEFAULT.withProgress(cancelAfterAMegabyte)))
                .isExactlyInstanceOf(CancellationException.class)
                .hasMessage("reading " + file + " was cancelled");
    }

    @Test
    void readsFromAStream() {
        String xes = HEAD + "<string key=\"concept:name\" value=\"a &amp; b\"/>\n</event>\n</trace>\n</log>\n";
        try (XesReader reader = XesReader.open(new ByteArrayInputStream(xes.getBytes(StandardCharsets.UTF_8)),
                "memory", -1, ReadOptions.DEFAULT)) {
            assertThat(reader.next().events().get(0).activity()).isEqualTo("a & b");
            assertThat(reader.next()).isNull();
        }
    }
}
