package io.bourse.cli;

import io.bourse.config.NodeConfig;
import io.bourse.config.NodeConfigs;
import io.bourse.node.Node;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs one node until SIGTERM or SIGINT, then stops it cleanly (flush, close RocksDB). */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a node; its role follows from its key's place in the Network Parameters.")
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The node's configuration file (see config/).")
    Path config;

    @Override
    public Integer call() throws Exception {
        NodeConfig c = NodeConfigs.load(config);
        System.setProperty("bourse.node", c.name()); // read by logback.xml, before the first logger exists
        Node node = new Node(c);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "node-stop"));
        stopped.await();
        return 0;
    }
}
