package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every command of the tree, found by walking it (so a command added later is covered), answers
 * {@code --help} and {@code -h} with its usage on stdout and exit 0; every group run without a
 * subcommand says which are missing, shows its usage on stderr and exits 2.
 */
class HelpTreeTest {

    /** A command and the words that reach it from {@code bourse}. */
    record Node(List<String> path, CommandLine line) {
        String name() {
            return line.getCommandName();
        }

        @Override
        public String toString() {
            return path.isEmpty() ? "bourse" : "bourse " + String.join(" ", path);
        }
    }

    static List<Node> tree() {
        List<Node> all = new ArrayList<>();
        walk(List.of(), new CommandLine(new Main()), all);
        return all;
    }

    private static void walk(List<String> path, CommandLine line, List<Node> all) {
        all.add(new Node(path, line));
        // getSubcommands() also holds each alias as a key: visit every command once, by its name
        for (CommandLine sub : new LinkedHashSet<>(line.getSubcommands().values())) {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getCommandName());
            walk(List.copyOf(subPath), sub, all);
        }
    }

    @Test
    void theWalkFindsNestedCommands() {
        assertThat(tree()).map(Node::toString).contains("bourse", "bourse keys new", "bourse snapshot import",
                "bourse node", "bourse order place", "bourse params propose", "bourse help").hasSizeGreaterThan(40);
    }

    @TestFactory
    Stream<DynamicTest> everyCommandAnswersHelpOnStdoutWithExitZero() {
        return tree().stream().flatMap(node -> Stream.of("--help", "-h").map(flag ->
                DynamicTest.dynamicTest(node + " " + flag, () -> {
                    CliRun r = CliRun.of(args(node, flag));
                    assertThat(r.code()).as("exit code; stderr: %s", r.err()).isZero();
                    assertThat(r.out()).contains("Usage:").contains(node.name());
                    assertThat(r.out()).as("usage names the full command").contains(node.toString());
                    assertThat(r.err()).isEmpty();
                })));
    }

    @TestFactory
    Stream<DynamicTest> everyGroupRunAloneNamesItsSubcommandsAndExitsTwo() {
        return tree().stream().filter(n -> !n.line().getSubcommands().isEmpty())
                .map(node -> DynamicTest.dynamicTest(node.toString(), () -> {
                    Object command = node.line().getCommand();
                    if (!(command instanceof Group)) {
                        assertThat(command).as("%s has subcommands but is no Group: it must run on its own", node)
                                .isInstanceOfAny(Runnable.class, Callable.class);
                        return;
                    }
                    CliRun r = CliRun.of(node.path().toArray(String[]::new));
                    assertThat(r.code()).isEqualTo(2);
                    assertThat(r.out()).isEmpty();
                    String first = r.err().lines().findFirst().orElse("");
                    assertThat(first).startsWith("bourse: missing subcommand: one of ")
                            .contains(String.join(", ", new LinkedHashSet<>(node.line().getSubcommands().values())
                                    .stream().map(CommandLine::getCommandName).toList()));
                    assertThat(r.err()).contains("Usage: " + node);
                }));
    }

    private static String[] args(Node node, String flag) {
        List<String> args = new ArrayList<>(node.path());
        args.add(flag);
        return args.toArray(String[]::new);
    }
}
