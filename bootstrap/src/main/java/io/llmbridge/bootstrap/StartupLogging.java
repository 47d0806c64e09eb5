package io.llmbridge.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The application log until the configuration file is read ({@link LoggingSetup} then replaces
 * it): INFO, text lines on the console. logback finds it through {@code META-INF/services} and
 * runs it before its XML configurator, which is skipped unless an XML file was asked for
 * ({@code -Dlogback.configurationFile}, or {@code logback-test.xml} / {@code logback.xml} on the
 * class path, as tests have): parsing XML with Joran cost about a fifth of the gateway's start.
 */
public final class StartupLogging extends ContextAwareBase implements Configurator {
    private static final String[] XML_FILES = {"logback-test.xml", "logback.xml"};

    private final ClassLoader classPath;

    /** As logback's service loader makes it: XML files are looked for on this class's class path. */
    public StartupLogging() {
        this(StartupLogging.class.getClassLoader());
    }

    StartupLogging(ClassLoader classPath) {
        this.classPath = classPath;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (xmlRequested()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(LoggingSetup.console(context, GatewayConfig.Logging.Format.TEXT));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private boolean xmlRequested() {
        if (System.getProperty("logback.configurationFile") != null) {
            return true;
        }
        for (String file : XML_FILES) {
            if (classPath.getResource(file) != null) {
                return true;
            }
        }
        return false;
    }
}
