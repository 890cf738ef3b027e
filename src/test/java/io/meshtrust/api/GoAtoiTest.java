package io.meshtrust.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's {@code strconv.Atoi} (64-bit) as Kuma applies it to {@code size} and {@code offset}, and what the lists make of it. */
class GoAtoiTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "+7, 7",
        "-7, -7",
        "007, 7",
        "3000000000, 3000000000",
        "9223372036854775807, 9223372036854775807",
        "-9223372036854775808, -9223372036854775808"
    })
    void readsSignedAsciiDecimalsWithinInt64(String text, long value) throws Exception {
        assertThat(GoAtoi.parse(text)).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|strconv.Atoi: parsing \"\": invalid syntax",
                "+|strconv.Atoi: parsing \"+\": invalid syntax",
                "'1 '|strconv.Atoi: parsing \"1 \": invalid syntax",
                "\u0661\u0662|strconv.Atoi: parsing \"\\u0661\\u0662\": invalid syntax",
                "\uff11|strconv.Atoi: parsing \"\\uff11\": invalid syntax",
                "0x10|strconv.Atoi: parsing \"0x10\": invalid syntax",
                "9223372036854775808|strconv.Atoi: parsing \"9223372036854775808\": value out of range"
            })
    void refusesWithGosMessage(String text, String message) {
        assertThatThrownBy(() -> GoAtoi.parse(text))
                .isInstanceOf(GoAtoi.AtoiException.class)
                .hasMessage(message);
    }

    /** Java's parseInt took Arabic-Indic digits as a page size and called 3000000000 a syntax error; Kuma does neither. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\u0661\u0660|invalid format",
                "3000000000|invalid page size of 3000000000. Maximum page size is 1000"
            })
    void sizeIsReadAsKumaReadsIt(String text, String reason) {
        assertThatThrownBy(() -> PageRequest.parseSize(text))
                .isInstanceOf(ApiException.InvalidPageSize.class)
                .hasMessage(reason);
    }

    @ParameterizedTest
    @CsvSource({"3000000000", "9223372036854775807"})
    void anOffsetPastIntIsAnEmptyPageNotAnError(String text) {
        assertThat(PageRequest.parseOffset(text)).isEqualTo(PageRequest.MAX_OFFSET);
    }
}
