package io.bourse.vm;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * A worker process of {@link WorkerPool}: runs the calls it reads on stdin in its own
 * {@link ContractSandbox} and writes each result on stdout ({@link WorkerProtocol}). Started
 * with a fixed heap and stack; whatever kills it (the pool's watchdog, running out of memory with
 * {@code -XX:+ExitOnOutOfMemoryError}) costs only the call it was running.
 *
 * <p>Nothing but frames goes to stdout: {@code System.out} is pointed at stderr before anything
 * else runs, and the pool starts the JVM with its own output on stderr. The worker ends when its
 * stdin closes, and halts when the process that started it is gone (no orphans, even if the pool
 * was killed without closing it, and even while a call spins in a builtin: only a halt stops that).
 * This main is the worker process's entry point, as the cli's is the node's: the one place in
 * contract-vm that ends a process, and only its own.
 *
 * <p>Arguments: {@code --cached-contracts=N} (contexts kept alive, default
 * {@value ContractSandbox#DEFAULT_CACHED_CONTRACTS}).
 */
public final class Worker {
    private Worker() {
    }

    public static void main(String[] args) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        System.setOut(System.err);
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
        int cached = ContractSandbox.DEFAULT_CACHED_CONTRACTS;
        for (String a : args) {
            if (a.startsWith("--cached-contracts=")) {
                cached = Integer.parseInt(a.substring("--cached-contracts=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        watchParent();
        try (ContractSandbox sandbox = new ContractSandbox(cached)) {
            warmUp(sandbox);
            WorkerProtocol.writeHello(out, sandbox.engineVersion());
            out.flush();
            for (ContractCall call = WorkerProtocol.readCall(in); call != null; call = WorkerProtocol.readCall(in)) {
                WorkerProtocol.writeResult(out, run(sandbox, call));
                out.flush();
            }
        }
        // returning ends the process: every thread left is a daemon
    }

    private static CallResult run(ContractSandbox sandbox, ContractCall call) {
        try {
            return sandbox.call(call);
        } catch (RuntimeException e) {
            e.printStackTrace(); // to stderr, i.e. the pool's log
            return new CallResult.Failed(CallResult.Failure.INTERNAL, "the sandbox failed on this call", 0);
        }
    }

    /** Loads the engine, the prelude and the meter before saying hello, so that the first real call is not the slow one. */
    private static void warmUp(ContractSandbox sandbox) {
        String code = "function onNewBlock(ctx) { let s = 0; for (let i = 0; i < 2000; i++) s += i; ctx.storage.set('s', String(s)); }";
        for (int i = 0; i < 3; i++) {
            sandbox.call(ContractCall.onNewBlock(code, Address.derived("bourse/worker-warm-up", new byte[] {(byte) i}),
                    Hash.ZERO, 0, "{}", Map.of(), 1_000_000));
        }
    }

    /** Halts the worker when the process that started it is no longer its parent. */
    private static void watchParent() {
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        Thread watcher = new Thread(() -> {
            while (true) {
                long now = ProcessHandle.current().parent().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).orElse(-1L);
                if (now != parent) {
                    Runtime.getRuntime().halt(3);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bourse-worker-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
