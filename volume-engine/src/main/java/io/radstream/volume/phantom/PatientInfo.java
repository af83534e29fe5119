package io.radstream.volume.phantom;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * The Patient Module values a phantom carries (PS3.3 §C.7.1.1). Synthetic, but treated like real
 * patient data: {@link #toString()} does not print them, so they cannot leak into logs.
 *
 * @param name      Patient's Name in PN form, family^given (PS3.5 §6.2.1)
 * @param id        Patient ID (LO, at most 64 characters)
 * @param birthDate Patient's Birth Date, or {@code null} for unknown (type 2: written empty)
 * @param sex       Patient's Sex: M, F, O, or empty for unknown
 */
public record PatientInfo(String name, String id, LocalDate birthDate, String sex) {
    private static final Set<String> SEXES = Set.of("M", "F", "O", "");

    public PatientInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sex, "sex");
        if (!SEXES.contains(sex)) throw new IllegalArgumentException("Patient's Sex must be M, F, O or empty (PS3.3 §C.7.1.1)");
    }

    /** The default phantom patient. */
    public static PatientInfo phantom() {
        return new PatientInfo("PHANTOM^CT", "RS-PHANTOM-0001", LocalDate.of(1970, 1, 1), "O");
    }

    @Override
    public String toString() {
        return "PatientInfo[redacted]";
    }
}
