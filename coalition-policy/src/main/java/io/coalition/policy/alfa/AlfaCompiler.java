package io.coalition.policy.alfa;

import io.coalition.policy.PolicyException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles ALFA ("ALFA for XACML" 1.0) sources to XACML 3.0: one document per top-level policy or policy set,
 * nested ones inline, with the identifiers the Axiomatics reference compiler gives. All sources are compiled
 * together, so one may use what another declares (namespaces and imports work across files).
 *
 * <p>The {@code System} namespace (data types, categories, combining algorithms, the XACML function library
 * and its operators) is built in; if a source declares {@code namespace System} itself (a system.alfa), that
 * declaration is used instead of the built-in one.
 *
 * <p>Errors are {@link AlfaException}s naming source, line and column; compilation stops at the first one.
 */
public final class AlfaCompiler {
    private AlfaCompiler() {
    }

    /** Compiles the sources together; the result is in source order. */
    public static List<CompiledPolicy> compile(List<AlfaSource> sources) {
        List<Ast.SourceFile> files = new ArrayList<>();
        boolean ownSystem = false;
        for (AlfaSource s : sources) {
            Ast.SourceFile f = Parser.parse(s);
            ownSystem |= f.namespaces().stream().anyMatch(ns -> ns.name().text().equals("System"));
            files.add(f);
        }
        if (!ownSystem) {
            files.add(0, Parser.parse(StandardLibrary.source()));
        }
        return new Compiler().compile(files);
    }

    /** Reads and compiles ALFA files; errors name each file by its file name. */
    public static List<CompiledPolicy> compileFiles(List<Path> files) {
        return compile(files.stream().map(AlfaSource::read).toList());
    }

    /**
     * Writes each policy to {@code dir/fileName} (the directory is created), each through a temporary file and
     * a move, so a reader never sees half a file. Returns the written paths.
     */
    public static List<Path> write(List<CompiledPolicy> policies, Path dir) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (CompiledPolicy p : policies) {
                Path target = dir.resolve(p.fileName());
                Path tmp = Files.createTempFile(dir, ".alfa-", ".tmp");
                try {
                    Files.writeString(tmp, p.xml(), StandardCharsets.UTF_8);
                    try {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
                written.add(target);
            }
        } catch (IOException e) {
            throw new PolicyException("cannot write compiled policies to " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }
}
