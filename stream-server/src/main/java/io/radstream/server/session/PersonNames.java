package io.radstream.server.session;

/** Person Name (PN, PS3.5 §6.2.1) for display: "FAMILY^GIVEN^MIDDLE" → "FAMILY, GIVEN MIDDLE". */
public final class PersonNames {
    private PersonNames() {}

    public static String display(String pn) {
        if (pn == null || pn.isBlank()) return "";
        String alphabetic = pn.split("=", -1)[0];
        String[] parts = alphabetic.split("\\^", -1);
        StringBuilder sb = new StringBuilder(parts[0].trim());
        StringBuilder rest = new StringBuilder();
        for (int i = 1; i < Math.min(parts.length, 3); i++) {
            if (!parts[i].isBlank()) rest.append(rest.isEmpty() ? "" : " ").append(parts[i].trim());
        }
        if (!rest.isEmpty()) sb.append(sb.isEmpty() ? "" : ", ").append(rest);
        return sb.toString();
    }
}
