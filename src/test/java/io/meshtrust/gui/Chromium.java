package io.meshtrust.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests: Debian's {@code chromium} and {@code chromium-driver} packages
 * ({@code .ci/run} installs them), or the binaries named by {@code MESHTRUST_CHROMIUM} and
 * {@code MESHTRUST_CHROMEDRIVER}. Both paths are given to Selenium, so Selenium Manager never tries to download a
 * browser or a driver. Without them the calling test is skipped with a message saying what to install.
 */
final class Chromium {

    private Chromium() {}

    static ChromeDriver start() {
        Path browser = find("MESHTRUST_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path driver = find("MESHTRUST_CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        var options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1400,1100",
                "--lang=en-US",
                "--no-first-run",
                "--disable-extensions");
        options.setAcceptInsecureCerts(true); // the HTTPS listener's self-signed pair
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US"));
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return chrome;
    }

    private static Path find(String variable, String... candidates) {
        Optional<Path> configured = Optional.ofNullable(System.getenv(variable))
                .filter(s -> !s.isBlank())
                .map(Path::of);
        if (configured.isPresent()) {
            Assumptions.assumeTrue(
                    Files.isExecutable(configured.get()),
                    variable + " names " + configured.get() + ", which is not an executable file");
            return configured.get();
        }
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        Assumptions.abort("No browser for the dashboard tests: install Debian's chromium and chromium-driver"
                + " (apt-get install chromium chromium-driver; .ci/run does this when it runs as root), or set "
                + variable + ". Looked for " + String.join(", ", candidates));
        throw new AssertionError("unreachable");
    }
}
