package io.coalition.mining;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.EventLog;
import io.coalition.mining.log.IndexedLog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Compact log fixtures: {@code TestLogs.parse("<a,b,c>^3 <a,c,b>^2")}. */
public final class TestLogs {
    private TestLogs() {
    }

    /** The classic L1 of the Alpha paper: [a,b,c,d]^3, [a,c,b,d]^2, [a,e,d]. */
    public static final String L1 = "<a,b,c,d>^3 <a,c,b,d>^2 <a,e,d>";

    public static EventLog eventLog(String spec) {
        EventLog.Builder b = EventLog.builder();
        int caseNo = 0;
        for (List<String> t : sequences(spec)) b.trace("c" + (++caseNo), t.toArray(new String[0]));
        return b.build();
    }

    public static IndexedLog parse(String spec) {
        return IndexedLog.of(eventLog(spec), Classifier.ACTIVITY);
    }

    public static List<List<String>> sequences(String spec) {
        List<List<String>> out = new ArrayList<>();
        for (String part : spec.trim().split("\\s+")) {
            int hat = part.lastIndexOf('^');
            int times = hat < 0 ? 1 : Integer.parseInt(part.substring(hat + 1));
            String body = hat < 0 ? part : part.substring(0, hat);
            body = body.substring(1, body.length() - 1);
            List<String> acts = body.isEmpty() ? List.of() : Arrays.asList(body.split(","));
            for (int i = 0; i < times; i++) out.add(acts);
        }
        return out;
    }
}
