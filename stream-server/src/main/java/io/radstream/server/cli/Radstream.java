package io.radstream.server.cli;

import java.io.PrintStream;

/** The {@code radstream} command: one entry point for every tool and the server. */
public final class Radstream {
    private Radstream() {}

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help")) {
            usage(out);
            return argv.length == 0 ? 2 : 0;
        }
        try {
            return switch (argv[0]) {
                case "pixels" -> PixelsCommand.run(argv, out);
                case "phantom" -> PhantomCommand.run(argv, out);
                case "import" -> ImportCommand.run(argv, out, err);
                case "render" -> RenderCommand.run(argv, out);
                case "serve" -> ServeCommand.run(argv, out);
                default -> throw new Args.UsageException("unknown command '" + argv[0] + "'");
            };
        } catch (Args.UsageException e) {
            err.println("radstream: " + e.getMessage());
            usage(err);
            return 2;
        } catch (Exception e) {
            err.println("radstream " + argv[0] + ": " + e.getMessage());
            return 1;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: radstream <command> [options]");
        out.println("  " + PhantomCommand.USAGE);
        out.println("  " + ImportCommand.USAGE);
        out.println("  " + PixelsCommand.USAGE);
        out.println("  " + RenderCommand.USAGE);
        out.println("  " + ServeCommand.USAGE);
    }
}
