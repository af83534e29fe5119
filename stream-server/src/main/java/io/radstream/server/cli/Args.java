package io.radstream.server.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line options of one subcommand: {@code --name value}, {@code --flag}, and positionals. */
final class Args {
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    Args(String[] argv, int from, Set<String> valued, Set<String> flags) {
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.length) throw new UsageException("--" + name + " needs a value");
                        value = argv[++i];
                    }
                    options.put(name, value);
                } else if (flags.contains(name)) {
                    options.put(name, "true");
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                positional.add(a);
            }
        }
    }

    String get(String name, String def) {
        return options.getOrDefault(name, def);
    }

    String require(String name) {
        String v = options.get(name);
        if (v == null) throw new UsageException("--" + name + " is required");
        return v;
    }

    int getInt(String name, int def) {
        String v = options.get(name);
        try {
            return v == null ? def : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs an integer, got '" + v + "'");
        }
    }

    double[] getDoubles(String name, int count) {
        String v = options.get(name);
        if (v == null) return null;
        String[] parts = v.split("[,x\\\\]");
        if (parts.length != count) throw new UsageException("--" + name + " needs " + count + " numbers, got '" + v + "'");
        double[] d = new double[count];
        try {
            for (int i = 0; i < count; i++) d[i] = Double.parseDouble(parts[i].trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": '" + v + "' is not a list of numbers");
        }
        return d;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    List<String> positional() {
        return positional;
    }

    /** A command line the user got wrong: printed with the usage, exit status 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
