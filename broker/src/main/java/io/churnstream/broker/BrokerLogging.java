package io.churnstream.broker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * The broker's log on stderr. Quiet by default: warnings and errors without stack traces, and none of the routine
 * complaints of the controller, the server and the network client; {@code -v} shows Kafka's INFO log and every
 * stack trace.
 */
final class BrokerLogging {

    private BrokerLogging() {
    }

    static void configure(String tag, boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [" + tag + "] %logger{36} - %msg%n" + (verbose ? "" : "%nopex"));
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(verbose ? Level.INFO : Level.WARN);
        root.addAppender(stderr);
        if (!verbose) {
            context.getLogger("org.apache.kafka.controller").setLevel(Level.ERROR);
            context.getLogger("kafka.server").setLevel(Level.ERROR);
            context.getLogger("org.apache.kafka.clients.NetworkClient").setLevel(Level.ERROR);
        }
    }
}
