package io.coalition.app;

import io.coalition.policy.alfa.AlfaCompiler;
import io.coalition.policy.alfa.CompiledPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code coalition policy compile}: ALFA sources to XACML 3.0 policy files. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compile ALFA (ALFA for XACML 1.0) sources to XACML 3.0: one file NAMESPACE.NAME.xml per "
                + "top-level policy or policy set.",
                "All files are compiled together, so one may import what another declares. The System namespace "
                        + "(types, categories, combining algorithms, functions, operators) is built in unless a "
                        + "source declares it.",
                "Errors name the file, line and column: main.alfa:12:7: expected '{' after policy name, found "
                        + "'rule'. Nothing is written when a source has an error."})
final class PolicyCompileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE.alfa", description = "the ALFA sources")
    List<Path> sources;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "the directory to write the XACML files to (created)")
    Path output;

    @Override
    public Integer call() {
        List<CompiledPolicy> compiled = AlfaCompiler.compileFiles(sources);
        List<Path> written = AlfaCompiler.write(compiled, output);
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < compiled.size(); i++) {
            CompiledPolicy p = compiled.get(i);
            out.println((p.policySet() ? "policy set " : "policy ") + p.id() + " -> " + written.get(i));
        }
        out.println(compiled.size() + " XACML file" + (compiled.size() == 1 ? "" : "s") + " written to " + output);
        return 0;
    }
}
