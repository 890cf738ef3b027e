package io.meshtrust.cli;

import java.util.Locale;

/**
 * This build's version as the CLI states it: {@code --version}, and the {@code User-Agent} of every request in
 * kumactl's form ({@code pkg/version/version.go}, {@code BuildInfo.UserAgent}: {@code <component>/<version> (<os>;
 * <arch>; <product>)}), so a control plane's access log tells the CLI and the certificate agent apart, with versions.
 */
final class BuildInfo {

    /** The component name of the {@code dp certificate} agent, in its User-Agent and its heartbeats. */
    static final String AGENT = "meshtrust-dp";
    /** The component name of every other command. */
    static final String CLI = "meshtrust";

    private BuildInfo() {}

    /** The jar's {@code Implementation-Version} (the Maven version), or {@code dev} when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    /** {@code <component>/<version>}: what the agent reports as its version ({@code meshtrust-dp/0.1.0}). */
    static String product(String component) {
        return component + "/" + version();
    }

    /** {@code meshtrust-dp/0.1.0 (linux; amd64; meshtrust)}: Go's GOOS and GOARCH names, as kumactl sends them. */
    static String userAgent(String component) {
        return product(component) + " (" + os() + "; " + arch() + "; meshtrust)";
    }

    private static String os() {
        String name = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        if (name.startsWith("mac")) {
            return "darwin";
        }
        if (name.startsWith("windows")) {
            return "windows";
        }
        return name.replace(' ', '-');
    }

    private static String arch() {
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }
}
