package io.bourse.cli;

import io.bourse.core.params.InvalidInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** One line an operator can act on, for any exception a command lets through. */
final class Errors {
    private Errors() {
    }

    static String describe(Throwable e) {
        if (e instanceof InvalidInputException iie) {
            return iie.field() + ": " + iie.reason();
        }
        if (e instanceof NoSuchFileException nsf) {
            return "no such file: " + nsf.getFile();
        }
        if (e instanceof AccessDeniedException ade) {
            return "permission denied: " + ade.getFile();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
