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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A worker process of {@link WorkerPool}: runs the calls it reads on stdin in its own
 * {@link ContractSandbox} and writes each result on stdout ({@link WorkerProtocol}). It keeps
 * the last block's shared ctx and the code of the contracts it ran, so each crosses the pipe once. Started
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
            serve(sandbox, in, out);
        }
        // returning ends the process: every thread left is a daemon
    }

    /** Answers the pool's frames until it closes the stream: blocks are kept, calls answered in order. */
    private static void serve(ContractSandbox sandbox, DataInputStream in, DataOutputStream out) throws IOException {
        BlockInput block = null;
        Codes codes = new Codes();
        for (WorkerProtocol.Frame f = WorkerProtocol.readAny(in); f != null; f = WorkerProtocol.readAny(in)) {
            if (f.type() == WorkerProtocol.BLOCK) {
                block = WorkerProtocol.readBlock(f.payload());
                continue;
            }
            if (f.type() != WorkerProtocol.CALL) {
                throw new IOException("unexpected frame " + (char) f.type());
            }
            WorkerProtocol.CallFrame c = WorkerProtocol.readCall(f.payload());
            String code = c.code() != null ? c.code() : codes.get(c.codeHash());
            if (code == null) {
                WorkerProtocol.writeNeedCode(out);
            } else {
                codes.put(c.codeHash(), code);
                WorkerProtocol.writeResult(out, block != null && block.blockHash().equals(c.blockHash())
                        ? run(sandbox, c.toCall(code, block))
                        : new CallResult.Failed(CallResult.Failure.INTERNAL, "the worker was not sent the call's block", 0));
            }
            out.flush();
        }
    }

    /** Contracts' code by hash, the least recently used dropped past {@value #CODE_CHARS} characters in all. */
    private static final class Codes extends LinkedHashMap<Hash, String> {
        private static final long CODE_CHARS = 32L << 20;
        private long chars;

        Codes() {
            super(64, 0.75f, true);
        }

        @Override
        public String put(Hash key, String value) {
            String old = super.put(key, value);
            chars += value.length() - (old == null ? 0 : old.length());
            return old;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, String> eldest) {
            if (chars > CODE_CHARS && size() > 1) {
                chars -= eldest.getValue().length();
                return true;
            }
            return false;
        }
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
