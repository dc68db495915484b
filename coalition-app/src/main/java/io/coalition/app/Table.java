package io.coalition.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned text columns and right-aligned numbers. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] numeric;

    Table(String... header) {
        rows.add(header);
        numeric = new boolean[header.length];
    }

    Table numeric(int... columns) {
        for (int c : columns) numeric[c] = true;
        return this;
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = String.valueOf(cells[i]);
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[numeric.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        }
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            StringBuilder sb = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                if (i > 0) sb.append("  ");
                String pad = " ".repeat(width[i] - r[i].length());
                sb.append(numeric[i] ? pad + r[i] : (i == r.length - 1 ? r[i] : r[i] + pad));
            }
            out.println(sb.toString().stripTrailing());
            if (n == 0) {
                StringBuilder line = new StringBuilder("  ");
                for (int i = 0; i < width.length; i++) {
                    if (i > 0) line.append("  ");
                    line.append("-".repeat(width[i]));
                }
                out.println(line);
            }
        }
    }
}
