package io.radstream.volume.phantom;

import java.math.BigInteger;
import java.util.UUID;

/**
 * New UIDs of the form 2.25.&lt;decimal of a random UUID&gt; (PS3.5 §B.2): globally unique
 * without a registered root, and at most 44 characters, well under the 64 a UI allows.
 */
public final class UidGenerator {
    private UidGenerator() {}

    public static String newUid() {
        return fromUuid(UUID.randomUUID());
    }

    static String fromUuid(UUID uuid) {
        BigInteger value = new BigInteger(Long.toUnsignedString(uuid.getMostSignificantBits()))
                .shiftLeft(64).or(new BigInteger(Long.toUnsignedString(uuid.getLeastSignificantBits())));
        return "2.25." + value;
    }
}
