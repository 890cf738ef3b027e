package io.meshtrust.dataplanes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Go's {@code net.ParseIP} and govalidator's {@code IsDNSName}, on the forms where Java's parsers would differ. */
class GoNetTest {

    @Test
    void parsesIpLiteralsAsGoDoes() {
        for (String ip : new String[] {
            "0.0.0.0",
            "192.168.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fe80::1",
            "0:0:0:0:0:FFFF:C0A8:0001",
            "::ffff:10.0.0.1",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:1.2.3.4",
            "1::8"
        }) {
            assertThat(GoNet.isIp(ip)).as(ip).isTrue();
        }
        for (String ip : new String[] {
            "",
            "256.1.1.1",
            "01.1.1.1",
            "1.1.1",
            "1.1.1.1.1",
            "1.1.1.1 ",
            " 1.1.1.1",
            "999.1.1.1 x",
            "fe80::1%eth0",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "1::2::3",
            ":::",
            "1:2:3:4:5:6:7::8",
            "12345::",
            "::1.2.3",
            "1.2.3.4::",
            "[::1]",
            "0x1.1.1.1",
            "localhost"
        }) {
            assertThat(GoNet.isIp(ip)).as(ip).isFalse();
        }
        assertThat(GoNet.parseIp("::ffff:127.0.0.1")).isEqualTo(GoNet.parseIp("127.0.0.1"));
        assertThat(GoNet.isUnspecified(GoNet.parseIp("0.0.0.0"))).isTrue();
        assertThat(GoNet.isUnspecified(GoNet.parseIp("::"))).isTrue();
        assertThat(GoNet.isUnspecified(GoNet.parseIp("::1"))).isFalse();
    }

    @Test
    void acceptsDomainNamesAsGovalidatorDoes() {
        for (String name : new String[] {
            "example.com", "localhost", "a", "my_host.local", "host-1.", "999.1.1.1", "a." + "b".repeat(63), "x_"
        }) {
            assertThat(GoNet.isDnsName(name)).as(name).isTrue();
        }
        for (String name : new String[] {
            "",
            "..>_<..",
            "-a.com",
            "a..b",
            "a b",
            "b".repeat(64),
            "1.1.1.1",
            "::1",
            "a.-b",
            "h\u00e9.com",
            ("a".repeat(60) + ".").repeat(5)
        }) {
            assertThat(GoNet.isDnsName(name)).as(name).isFalse();
        }
    }
}
