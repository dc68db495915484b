package io.coalition.eventlog.xes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XesDatesTest {

    @ParameterizedTest
    @CsvSource({
            "2011-10-01T00:38:44.546+02:00, 2011-09-30T22:38:44.546Z",
            "2002-05-30T09:30:10Z, 2002-05-30T09:30:10Z",
            "2002-05-30T09:30:10, 2002-05-30T09:30:10Z",
            "2002-05-30T09:30:10.5-05:30, 2002-05-30T15:00:10.500Z",
            "2002-05-30T09:30:10.123456789+0100, 2002-05-30T08:30:10.123456789Z",
            "2002-05-30T09:30:10.1234567891Z, 2002-05-30T09:30:10.123456789Z",
            "1970-01-01T00:00:00.000+01:00, 1969-12-31T23:00:00Z",
            "2024-02-29T23:59:59+14:00, 2024-02-29T09:59:59Z",
    })
    void parsesXsDateTime(String text, String expected) {
        assertThat(XesDates.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void agreesWithJavaTimeOnOffsets() {
        String text = "2019-03-31T01:59:59.999+01:00";
        assertThat(XesDates.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2002-0530T09:30:10Z", "2002-05-30 09:30:10", "2002-05-30T24:00:00Z",
            "2023-02-29T00:00:00Z", "2002-05-30T09:30:10.Z", "2002-05-30T09:30:10+25:00", "2002-05-30T09:30:10Zjunk",
            "02-05-30T09:30:10Z", "2002-05-30"})
    void rejectsWhatIsNotADate(String text) {
        assertThatThrownBy(() -> XesDates.parse(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not an xs:dateTime (expected YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm])");
    }

    @Test
    void epochDayAgreesWithJavaTimeOverFourCenturies() {
        for (java.time.LocalDate d = java.time.LocalDate.of(1800, 1, 1); d.getYear() < 2200; d = d.plusDays(1)) {
            assertThat(XesDates.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth())).isEqualTo(d.toEpochDay());
        }
    }

    @Test
    void formatsExactlyWhatItParses() {
        for (String s : new String[] {"2011-09-30T22:38:44.546Z", "2011-09-30T22:38:44Z", "2011-09-30T22:38:44.000001Z",
                "2011-09-30T22:38:44.123456789Z"}) {
            Instant t = Instant.parse(s);
            assertThat(XesDates.parse(XesDates.format(t))).isEqualTo(t);
        }
    }
}
