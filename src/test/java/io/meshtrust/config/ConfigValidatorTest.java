package io.meshtrust.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

    @Test
    void acceptsDefaults() {
        assertThat(ConfigValidator.violations(TestConfigs.kuma(Map.of()))).isEmpty();
    }

    @Test
    void acceptsBothKnownAuthnTypes() {
        assertThat(ConfigValidator.violations(
                        TestConfigs.kuma(Map.of("kuma.api-server.authn.type", "adminClientCerts"))))
                .isEmpty();
        assertThat(ConfigValidator.violations(TestConfigs.kuma(Map.of("kuma.api-server.authn.type", "tokens"))))
                .isEmpty();
    }

    @Test
    void rejectsUnknownAuthnTypeWithKumaMessage() {
        assertThat(ConfigValidator.violations(TestConfigs.kuma(Map.of("kuma.api-server.authn.type", "clientCerts"))))
                .containsExactly("KUMA_API_SERVER_AUTHN_TYPE: there is not implementation of authn named clientCerts");
    }

    @Test
    void rejectsApiServerCertWithoutKey() {
        assertThat(ConfigValidator.violations(
                        TestConfigs.kuma(Map.of("kuma.api-server.https.tls-cert-file", "/etc/kuma/cp.crt"))))
                .singleElement()
                .asString()
                .startsWith("KUMA_API_SERVER_HTTPS_TLS_KEY_FILE: must be set together with "
                        + "KUMA_API_SERVER_HTTPS_TLS_CERT_FILE");
    }

    @Test
    void rejectsGeneralKeyWithoutCert() {
        assertThat(ConfigValidator.violations(TestConfigs.kuma(Map.of("kuma.general.tls-key-file", "/k.pem"))))
                .singleElement()
                .asString()
                .startsWith("KUMA_GENERAL_TLS_CERT_FILE: must be set together with KUMA_GENERAL_TLS_KEY_FILE");
    }

    @Test
    void rejectsBlankInterface() {
        assertThat(ConfigValidator.violations(TestConfigs.kuma(Map.of("kuma.api-server.https.interface", " "))))
                .containsExactly("KUMA_API_SERVER_HTTPS_INTERFACE: Interface cannot be empty");
    }

    @Test
    void reportsEveryViolationInOneConfigurationException() {
        var config = TestConfigs.kuma(Map.of(
                "kuma.api-server.authn.type", "x",
                "kuma.general.tls-cert-file", "/c.pem"));
        assertThatThrownBy(() -> ConfigValidator.validate(config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("KUMA_API_SERVER_AUTHN_TYPE")
                .hasMessageContaining("KUMA_GENERAL_TLS_KEY_FILE");
    }
}
