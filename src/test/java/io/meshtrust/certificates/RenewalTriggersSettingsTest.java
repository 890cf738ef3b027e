package io.meshtrust.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshtrust.config.MeshtrustConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The renewal spread settings: read as given, and a value out of range refused with the variables to fix. */
class RenewalTriggersSettingsTest {

    static MeshtrustConfig config(double fraction, Duration max) {
        var certificates = new MeshtrustConfig.Certificates() {
            @Override
            public double renewalSpreadFraction() {
                return fraction;
            }

            @Override
            public Duration renewalSpreadMax() {
                return max;
            }

            @Override
            public Duration overdueGrace() {
                return Duration.ofMinutes(10);
            }
        };
        return new MeshtrustConfig() {
            @Override
            public Crypto crypto() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Certificates certificates() {
                return certificates;
            }

            @Override
            public Metrics metrics() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Store store() {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void settingsAreReadAsGiven() {
        var spread = RenewalTriggers.spread(config(0.2, Duration.ofMinutes(3)));
        assertThat(spread.fraction()).isEqualTo(0.2);
        assertThat(spread.max()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void outOfRangeValuesNameTheVariables() {
        assertThatThrownBy(() -> RenewalTriggers.spread(config(1.5, Duration.ofMinutes(3))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("MESHTRUST_CERTIFICATES_RENEWAL_SPREAD_FRACTION")
                .hasMessageContaining("between 0 and 1, not 1.5");
        assertThatThrownBy(() -> RenewalTriggers.spread(config(0.1, Duration.ofSeconds(-5))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("MESHTRUST_CERTIFICATES_RENEWAL_SPREAD_MAX")
                .hasMessageContaining("cannot be negative");
    }
}
