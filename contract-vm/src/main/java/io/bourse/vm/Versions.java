package io.bourse.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/** Release versions of the GraalVM jars on the classpath (their engines report "Development Build"). */
final class Versions {
    private Versions() {
    }

    /** The Implementation-Version of the jar whose manifest names {@code component} (e.g. js-language), or "unknown". */
    static String implementation(String component) {
        try {
            Enumeration<URL> manifests = Versions.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                try (InputStream in = manifests.nextElement().openStream()) {
                    Attributes main = new Manifest(in).getMainAttributes();
                    if (component.equals(main.getValue("Name")) && main.getValue("Implementation-Version") != null) {
                        return main.getValue("Implementation-Version");
                    }
                }
            }
            return "unknown";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
