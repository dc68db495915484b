package io.coalition.planning.wsp;

import io.coalition.planning.PlanningException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the text format of ../shared/data/wsp/FORMAT.md (steps {@code s1..sK}, users {@code u1..uN},
 * 1-based in files, 0-based in {@link WspInstance}). Errors name the source, the line and what was expected.
 */
public final class WspFormat {
    private static final Pattern HEADER = Pattern.compile("#(Steps|Users|Constraints):\\s*(\\d+)\\s*");
    private static final Pattern TEAM = Pattern.compile("\\(([^)]*)\\)");

    private WspFormat() {
    }

    public static WspInstance read(Path file) {
        return parse(readString(file), file.toString());
    }

    /** Parses an instance; {@code source} names it in error messages. */
    public static WspInstance parse(String text, String source) {
        List<String> lines = text.lines().toList();
        int[] header = new int[3];
        String[] names = {"Steps", "Users", "Constraints"};
        int lineNo = 0;
        for (int h = 0; h < 3; h++) {
            if (lineNo >= lines.size()) throw error(source, lineNo + 1, "expected '#" + names[h] + ": <n>', found end of file");
            Matcher m = HEADER.matcher(lines.get(lineNo).trim());
            if (!m.matches() || !m.group(1).equals(names[h])) {
                throw error(source, lineNo + 1, "expected '#" + names[h] + ": <n>', found '" + lines.get(lineNo) + "'");
            }
            header[h] = Integer.parseInt(m.group(2));
            lineNo++;
        }
        int steps = header[0], users = header[1], declared = header[2];
        if (steps < 1 || users < 1) throw error(source, 1, "steps and users must be at least 1");
        Map<Integer, Set<Integer>> auth = new HashMap<>();
        List<Constraint> constraints = new ArrayList<>();
        int count = 0;
        for (; lineNo < lines.size(); lineNo++) {
            String line = lines.get(lineNo).trim();
            if (line.isEmpty()) continue;
            int ln = lineNo + 1;
            count++;
            String[] tok = line.split("\\s+");
            switch (tok[0]) {
                case "Authorisations" -> {
                    int u = index(tok, 1, 'u', users, source, ln);
                    if (auth.containsKey(u)) throw error(source, ln, "second Authorisations line for u" + (u + 1));
                    Set<Integer> s = new HashSet<>();
                    for (int i = 2; i < tok.length; i++) s.add(index(tok, i, 's', steps, source, ln));
                    auth.put(u, s);
                }
                case "Separation-of-duty", "Binding-of-duty" -> {
                    if (tok.length != 3) throw error(source, ln, tok[0] + " expects exactly two steps, found " + (tok.length - 1));
                    int a = index(tok, 1, 's', steps, source, ln), b = index(tok, 2, 's', steps, source, ln);
                    constraints.add(tok[0].startsWith("S") ? new Constraint.SeparationOfDuty(a, b) : new Constraint.BindingOfDuty(a, b));
                }
                case "At-most-k" -> {
                    if (tok.length < 3) throw error(source, ln, "At-most-k expects k and at least one step");
                    int k;
                    try {
                        k = Integer.parseInt(tok[1]);
                    } catch (NumberFormatException e) {
                        throw error(source, ln, "At-most-k expects an integer k, found '" + tok[1] + "'");
                    }
                    if (k < 1) throw error(source, ln, "At-most-k expects k >= 1, found " + k);
                    List<Integer> s = new ArrayList<>();
                    for (int i = 2; i < tok.length; i++) s.add(index(tok, i, 's', steps, source, ln));
                    constraints.add(new Constraint.AtMostK(k, s));
                }
                case "One-team" -> {
                    int paren = line.indexOf('(');
                    if (paren < 0) throw error(source, ln, "One-team expects at least one parenthesised team");
                    String[] stepTok = line.substring("One-team".length(), paren).trim().split("\\s+");
                    List<Integer> s = new ArrayList<>();
                    for (int i = 0; i < stepTok.length; i++) s.add(index(stepTok, i, 's', steps, source, ln));
                    List<Set<Integer>> teams = new ArrayList<>();
                    Matcher m = TEAM.matcher(line.substring(paren));
                    while (m.find()) {
                        Set<Integer> team = new LinkedHashSet<>();
                        String body = m.group(1).trim();
                        if (!body.isEmpty()) {
                            String[] ut = body.split("\\s+");
                            for (int i = 0; i < ut.length; i++) team.add(index(ut, i, 'u', users, source, ln));
                        }
                        teams.add(team);
                    }
                    constraints.add(new Constraint.OneTeam(s, teams));
                }
                default -> throw error(source, ln, "unknown constraint '" + tok[0]
                        + "' (expected Authorisations, Separation-of-duty, Binding-of-duty, At-most-k or One-team)");
            }
        }
        if (count != declared) {
            throw error(source, 3, "#Constraints says " + declared + " but the file has " + count + " constraint lines");
        }
        return new WspInstance(steps, users, auth, constraints);
    }

    /** Reads a solution file: empty for {@code unsat}, else the 0-based user of each step. */
    public static Optional<int[]> readSolution(Path file, int steps) {
        String source = file.toString();
        List<String> lines = readString(file).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) throw error(source, 1, "expected 'sat' or 'unsat', found an empty file");
        if (lines.get(0).equals("unsat")) return Optional.empty();
        if (!lines.get(0).equals("sat")) throw error(source, 1, "expected 'sat' or 'unsat', found '" + lines.get(0) + "'");
        if (lines.size() - 1 != steps) throw error(source, 2, "expected " + steps + " assignment lines, found " + (lines.size() - 1));
        int[] plan = new int[steps];
        for (int i = 1; i < lines.size(); i++) {
            String[] tok = lines.get(i).replace(":", " ").trim().split("\\s+");
            if (tok.length != 2) throw error(source, i + 1, "expected 's<i>: u<j>', found '" + lines.get(i) + "'");
            int s = index(tok, 0, 's', steps, source, i + 1);
            if (s != i - 1) throw error(source, i + 1, "expected step s" + i + ", found '" + tok[0] + "'");
            plan[s] = index(tok, 1, 'u', Integer.MAX_VALUE, source, i + 1);
        }
        return Optional.of(plan);
    }

    /** The solver output FORMAT.md's test tool expects: {@code unsat}, or one {@code s<i>: u<j>} line per step. */
    public static String formatSolution(Optional<int[]> plan) {
        if (plan.isEmpty()) return "unsat\n";
        StringBuilder sb = new StringBuilder("sat\n");
        int[] p = plan.get();
        for (int s = 0; s < p.length; s++) sb.append('s').append(s + 1).append(": u").append(p[s] + 1).append('\n');
        return sb.toString();
    }

    private static int index(String[] tok, int i, char prefix, int bound, String source, int line) {
        if (i >= tok.length) throw error(source, line, "expected " + prefix + "<n>, found end of line");
        String t = tok[i];
        if (t.length() < 2 || t.charAt(0) != prefix) throw error(source, line, "expected " + prefix + "<n>, found '" + t + "'");
        int n;
        try {
            n = Integer.parseInt(t.substring(1));
        } catch (NumberFormatException e) {
            throw error(source, line, "expected " + prefix + "<n>, found '" + t + "'");
        }
        if (n < 1 || n > bound) throw error(source, line, "'" + t + "' is outside " + prefix + "1.." + prefix + bound);
        return n - 1;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlanningException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static PlanningException error(String source, int line, String message) {
        return new PlanningException(source + ":" + line + ": " + message);
    }
}
