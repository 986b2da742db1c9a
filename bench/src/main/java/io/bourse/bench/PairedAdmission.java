package io.bourse.bench;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The ratio of admission (decode, id, chain, nonce, signature: {@link AdmissionBench#admissionChecks})
 * to Bouncy Castle's raw verify of the same commitments, measured as {@link PairedVerify} does:
 * alternating chunks of each in one thread, comparing the medians of the chunk times, so load from
 * other processes on a shared machine falls on both alike.
 *
 * <p>Run: {@code java -cp bench/target/bench.jar io.bourse.bench.PairedAdmission [pairs] [chunk]}
 */
public final class PairedAdmission {
    private PairedAdmission() {
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int chunk = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        AdmissionBench b = new AdmissionBench();
        b.setUp();
        BooleanSupplier admission = () -> b.admissionChecks() == AdmissionBench.Verdict.ACCEPTED;
        BooleanSupplier raw = b::rawVerify;
        int ok = 0;
        for (int i = 0; i < 20_000; i++) { // warm both paths up
            ok += admission.getAsBoolean() ? 1 : 0;
            ok += raw.getAsBoolean() ? 1 : 0;
        }
        long[] ours = new long[pairs];
        long[] ref = new long[pairs];
        for (int p = 0; p < pairs; p++) {
            boolean oursFirst = (p & 1) == 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < chunk; i++) {
                ok += (oursFirst ? admission : raw).getAsBoolean() ? 1 : 0;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < chunk; i++) {
                ok += (oursFirst ? raw : admission).getAsBoolean() ? 1 : 0;
            }
            long t2 = System.nanoTime();
            ours[p] = oursFirst ? t1 - t0 : t2 - t1;
            ref[p] = oursFirst ? t2 - t1 : t1 - t0;
        }
        if (ok != 2 * (20_000 + pairs * chunk)) {
            throw new IllegalStateException("a commitment was refused or a signature failed: " + ok);
        }
        double oursNs = median(ours) / chunk;
        double rawNs = median(ref) / chunk;
        System.out.printf("admitted %d commitments (%d pairs of %d-commitment chunks)%n", ok / 2, pairs, chunk);
        System.out.printf("admissionChecks median %.0f ns/op = %.0f ops/s%n", oursNs, 1e9 / oursNs);
        System.out.printf("rawVerify       median %.0f ns/op = %.0f ops/s%n", rawNs, 1e9 / rawNs);
        System.out.printf("ratio admissionChecks / rawVerify (throughput): %.3f%n", rawNs / oursNs);
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return (n & 1) == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }
}
