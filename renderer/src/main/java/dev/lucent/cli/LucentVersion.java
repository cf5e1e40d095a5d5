package dev.lucent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * Lucent's version, read from the {@code pom.properties} Maven writes into the jar; "development build" when
 * running from classes outside a jar (tests, IDE).
 */
public final class LucentVersion implements IVersionProvider {
    private static final String POM_PROPERTIES = "/META-INF/maven/dev.lucent/lucent/pom.properties";

    public static String version() {
        try (InputStream in = LucentVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) return "development build";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "development build");
        } catch (IOException e) {
            return "development build";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Lucent " + version()};
    }
}
