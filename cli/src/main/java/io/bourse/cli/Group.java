package io.bourse.cli;

import java.util.LinkedHashSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands. Every command answers {@code -h}/{@code --help} with its
 * usage on stdout and exit 0; a group run without a subcommand is a usage error, as picocli treats
 * a missing required subcommand: one line naming the subcommands, then its usage, on stderr, and
 * exit 2.
 */
@Command(mixinStandardHelpOptions = true)
abstract class Group implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine line = spec.commandLine();
        // subcommands() also holds each alias as a key: name every subcommand once
        LinkedHashSet<String> names = new LinkedHashSet<>();
        spec.subcommands().values().forEach(c -> names.add(c.getCommandName()));
        line.getErr().println("bourse: missing subcommand: one of " + String.join(", ", names));
        line.usage(line.getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
