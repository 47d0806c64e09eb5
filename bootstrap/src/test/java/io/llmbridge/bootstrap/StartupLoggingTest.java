package io.llmbridge.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class StartupLoggingTest {

    @Test
    void without_an_xml_file_the_start_up_log_is_info_text_on_the_console() {
        LoggerContext context = new LoggerContext();
        ClassLoader noXml = new ClassLoader(null) {
        };
        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new StartupLogging(noXml).configure(context));
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        assertInstanceOf(ConsoleAppender.class, root.getAppender("CONSOLE"));
        context.stop();
    }

    @Test
    void an_xml_file_on_the_class_path_is_left_to_logback() {
        LoggerContext context = new LoggerContext();
        // The test class path has logback-test.xml, as a deployment may have its own logback.xml.
        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, new StartupLogging().configure(context));
        assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
        context.stop();
    }
}
