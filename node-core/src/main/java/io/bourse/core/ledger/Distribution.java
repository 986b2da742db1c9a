package io.bourse.core.ledger;

import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Exact splits of an amount in base units: no unit is created or lost (docs/economics.md). */
final class Distribution {
    private Distribution() {
    }

    /**
     * M5: {@code total} split evenly among {@code payees}; the {@code total mod n} units left over go
     * one each to the first payees in list order (the order of the Network Parameters).
     */
    static List<Amount> even(Amount total, int payees) {
        long base = total.units() / payees;
        long rest = total.units() % payees;
        List<Amount> out = new ArrayList<>(payees);
        for (int i = 0; i < payees; i++) {
            out.add(Amount.ofUnits(base + (i < rest ? 1 : 0)));
        }
        return out;
    }

    /**
     * K5: {@code total} shared in proportion to {@code weights} by the largest-remainder rule: each
     * gets ⌊total × w ÷ Σw⌋, then the units still left go one each to the largest remainders
     * (total × w mod Σw), ties to the lower address.
     */
    static SortedMap<Address, Amount> largestRemainder(Amount total, SortedMap<Address, Amount> weights) {
        BigInteger sum = BigInteger.ZERO;
        for (Amount w : weights.values()) {
            sum = sum.add(BigInteger.valueOf(w.units()));
        }
        SortedMap<Address, Amount> out = new TreeMap<>();
        if (sum.signum() == 0) {
            return out;
        }
        record Part(Address holder, BigInteger remainder) {
        }
        List<Part> parts = new ArrayList<>();
        long given = 0;
        for (Map.Entry<Address, Amount> e : weights.entrySet()) {
            BigInteger[] qr = BigInteger.valueOf(total.units()).multiply(BigInteger.valueOf(e.getValue().units()))
                    .divideAndRemainder(sum);
            long q = qr[0].longValueExact();
            out.put(e.getKey(), Amount.ofUnits(q));
            given = Math.addExact(given, q);
            parts.add(new Part(e.getKey(), qr[1]));
        }
        parts.sort(Comparator.comparing(Part::remainder).reversed().thenComparing(Part::holder));
        long left = total.units() - given;
        for (int i = 0; i < left; i++) {
            Address h = parts.get(i).holder();
            out.put(h, out.get(h).plus(Amount.ofUnits(1)));
        }
        return out;
    }
}
