package io.coalition.eventlog;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Skips, rather than fails, a test whose shared data is missing even when the skip of {@link TestData#require} was
 * caught on the way: inside {@code assertThatThrownBy(() -> parse(TestData.require(...)))}, or wrapped by a helper
 * that turns every exception into its own. Registered for every module through JUnit's extension auto-detection
 * (the eventlog test-jar's {@code META-INF/services}; switched on in the parent pom's surefire configuration).
 * A failure in a test whose data was all present is never touched.
 */
public final class MissingDataExtension
        implements BeforeEachCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    @Override
    public void beforeEach(ExtensionContext context) {
        TestData.MISSED.set(false);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw skipIfDataMissed(thrown);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw skipIfDataMissed(thrown);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw skipIfDataMissed(thrown);
    }

    private static Throwable skipIfDataMissed(Throwable thrown) {
        if (thrown instanceof TestAbortedException || !TestData.MISSED.get()) return thrown;
        return new TestAbortedException("shared data missing (see COALITION_DATA); the test failed without it", thrown);
    }
}
