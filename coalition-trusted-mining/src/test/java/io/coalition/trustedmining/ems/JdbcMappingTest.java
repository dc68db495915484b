package io.coalition.trustedmining.ems;

import io.coalition.trustedmining.TrustedMiningException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDBC mapping's checks, without a database. */
class JdbcMappingTest {
    @Test
    void columnThatIsNotAPlainIdentifierIsRefused() {
        assertThatThrownBy(() -> new JdbcEventSource.Mapping("events", "case_id; DROP TABLE x", "activity", "ts", null, Map.of()))
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage("JDBC mapping: case id column 'case_id; DROP TABLE x' is not a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*)");
        assertThatThrownBy(() -> JdbcEventSource.Mapping.table("events").withAttributes(Map.of("who?", "org:resource")))
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage("JDBC mapping: attribute column 'who?' is not a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*)");
    }

    @Test
    void queryMustBeATableOrASelect() {
        assertThat(JdbcEventSource.Mapping.table("audit.events").from()).isEqualTo("audit.events");
        assertThat(new JdbcEventSource.Mapping(" select * from e ", "c", "a", "t", null, Map.of()).from()).isEqualTo("(select * from e)");
        assertThatThrownBy(() -> new JdbcEventSource.Mapping("DELETE FROM events", "c", "a", "t", null, Map.of()).from())
                .isExactlyInstanceOf(TrustedMiningException.class)
                .hasMessage("JDBC mapping: query must be a table name or a SELECT, got 'DELETE FROM events'");
    }
}
