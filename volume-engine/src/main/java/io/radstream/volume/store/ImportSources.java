package io.radstream.volume.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands the paths given to an import into the files to read: files as given, folders walked
 * recursively in name order (so reports are reproducible). A folder that cannot be read becomes one
 * error and the walk goes on. The data directory itself is never walked, so importing a folder
 * that contains it does not re-import the store.
 */
final class ImportSources {
    private ImportSources() {}

    static List<Path> files(List<Path> roots, Path dataDir, List<ImportError> errors) {
        List<Path> files = new ArrayList<>();
        Path excluded = dataDir.toAbsolutePath().normalize();
        for (Path root : roots) {
            if (Files.isRegularFile(root)) {
                files.add(root);
            } else if (Files.isDirectory(root)) {
                walk(root, excluded, files, errors);
            } else {
                errors.add(new ImportError(root, -1, Files.exists(root) ? "not a file or folder" : "no such file or folder"));
            }
        }
        return files;
    }

    private static void walk(Path root, Path excluded, List<Path> files, List<ImportError> errors) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.toAbsolutePath().normalize().equals(excluded)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) found.add(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    errors.add(new ImportError(file, -1, describe(e)));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            errors.add(new ImportError(root, -1, describe(e)));
        }
        found.sort(null);
        files.addAll(found);
    }

    /** An I/O failure in words, without repeating the path (the error already names the file). */
    static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException _ -> "file disappeared during import";
            case AccessDeniedException _ -> "permission denied";
            default -> "cannot read: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        };
    }
}
