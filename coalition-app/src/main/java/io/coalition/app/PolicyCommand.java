package io.coalition.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code coalition policy ...}: XACML 3.0 decisions (and, from the ALFA compiler, policy compilation). */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Access policies: decide requests against XACML 3.0 policies with an embedded PDP."},
        subcommands = {PolicyDecideCommand.class, PolicyCompileCommand.class})
final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
