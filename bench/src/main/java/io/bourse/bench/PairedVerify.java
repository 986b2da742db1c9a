package io.bourse.bench;

import io.bourse.core.crypto.Domain;
import io.bourse.core.crypto.Ed25519;
import java.util.Arrays;

/**
 * The ratio of our verify to Bouncy Castle's raw verify on a shared, noisy machine: alternates
 * chunks of each in one thread and compares the medians of the chunk times, so load from other
 * processes falls on both alike (JMH runs one benchmark after the other, and its ratio swings
 * with the load). Not a replacement for the JMH figures, a control for them.
 *
 * <p>Run: {@code java -cp bench/target/bench.jar io.bourse.bench.PairedVerify [pairs] [chunk]}
 */
public final class PairedVerify {
    private PairedVerify() {
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int chunk = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Ed25519Bench b = new Ed25519Bench();
        b.setUp();
        int ok = 0;
        for (int i = 0; i < 20_000; i++) { // warm both paths up
            ok += b.bourseVerify() ? 1 : 0;
            ok += b.bouncyCastleRawVerify() ? 1 : 0;
        }
        long[] ours = new long[pairs];
        long[] raw = new long[pairs];
        for (int p = 0; p < pairs; p++) {
            boolean oursFirst = (p & 1) == 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < chunk; i++) {
                ok += (oursFirst ? b.bourseVerify() : b.bouncyCastleRawVerify()) ? 1 : 0;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < chunk; i++) {
                ok += (oursFirst ? b.bouncyCastleRawVerify() : b.bourseVerify()) ? 1 : 0;
            }
            long t2 = System.nanoTime();
            ours[p] = oursFirst ? t1 - t0 : t2 - t1;
            raw[p] = oursFirst ? t2 - t1 : t1 - t0;
        }
        double oursNs = median(ours) / chunk;
        double rawNs = median(raw) / chunk;
        System.out.printf("checked %d signatures (%d pairs of %d-verify chunks)%n", ok, pairs, chunk);
        System.out.printf("bourseVerify          median %.0f ns/op = %.0f ops/s%n", oursNs, 1e9 / oursNs);
        System.out.printf("bouncyCastleRawVerify median %.0f ns/op = %.0f ops/s%n", rawNs, 1e9 / rawNs);
        System.out.printf("ratio bourseVerify / bouncyCastleRawVerify (throughput): %.3f%n", rawNs / oursNs);
        if (!Ed25519.verify(b.key, Domain.COMMITMENT, b.chain, b.body, b.signature)) {
            throw new IllegalStateException("unreachable: the signature stopped verifying");
        }
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return (n & 1) == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }
}
