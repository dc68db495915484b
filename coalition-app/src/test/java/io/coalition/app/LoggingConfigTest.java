package io.coalition.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged logback.xml must load: a broken one makes every command print a stack trace. */
class LoggingConfigTest {
    @Test
    void logbackConfigurationLoadsWithoutErrors() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(s -> s.getLevel() >= Status.WARN);
        assertThat(context.getLogger("io.coalition").getEffectiveLevel().toString()).isEqualTo("WARN");
    }
}
