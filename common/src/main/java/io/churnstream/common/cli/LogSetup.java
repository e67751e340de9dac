package io.churnstream.common.cli;

import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.util.FileSize;
import io.churnstream.common.kafka.Secrets;
import org.slf4j.LoggerFactory;

/**
 * Console (stderr) plus a rolling file, configured in code so both jars log the same way. Every line has the secrets
 * this process was given masked, and the Kafka clients' own lines go to the file only unless {@code -v}: a refusal is
 * told once, by the command, rather than by every retry of a client.
 */
public final class LogSetup {

    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n";

    private LogSetup() {
    }

    /** Warnings and errors on stderr, nothing else: for tools whose stdout scripts read. */
    public static void warningsOnly() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context, "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n"));
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("org.apache.kafka.clients.NetworkClient").setLevel(Level.ERROR);
    }

    static void configure(Path file, boolean verbose, boolean quiet) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        Level console = verbose ? Level.DEBUG : quiet ? Level.WARN : Level.INFO;

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context, "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n"));
        stderr.addFilter(threshold(context, console));
        if (!verbose) {
            stderr.addFilter(kafkaClientsToFileOnly(context));
        }
        stderr.start();

        RollingFileAppender<ILoggingEvent> rolling = new RollingFileAppender<>();
        rolling.setContext(context);
        rolling.setName("file");
        rolling.setFile(file.toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(rolling);
        policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
        policy.setMaxFileSize(FileSize.valueOf("20MB"));
        policy.setMaxHistory(7);
        policy.setTotalSizeCap(FileSize.valueOf("500MB"));
        policy.start();
        rolling.setRollingPolicy(policy);
        rolling.setEncoder(encoder(context, PATTERN));
        rolling.addFilter(threshold(context, verbose ? Level.DEBUG : Level.INFO));
        rolling.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        root.addAppender(rolling);
        context.getLogger("io.churnstream").setLevel(verbose ? Level.DEBUG : Level.INFO);
        context.getLogger("org.apache.kafka").setLevel(verbose ? Level.INFO : Level.WARN);
        context.getLogger("org.apache.kafka.clients.NetworkClient").setLevel(verbose ? Level.INFO : Level.ERROR);
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, String pattern) {
        MaskingLayout layout = new MaskingLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    private static Filter<ILoggingEvent> kafkaClientsToFileOnly(LoggerContext context) {
        Filter<ILoggingEvent> filter = new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent event) {
                return event.getLoggerName().startsWith("org.apache.kafka.") ? FilterReply.DENY : FilterReply.NEUTRAL;
            }
        };
        filter.setContext(context);
        filter.start();
        return filter;
    }

    /** A line, stack trace included, with every remembered secret masked. */
    private static final class MaskingLayout extends PatternLayout {
        @Override
        public String doLayout(ILoggingEvent event) {
            return Secrets.mask(super.doLayout(event));
        }
    }

    private static ThresholdFilter threshold(LoggerContext context, Level level) {
        ThresholdFilter filter = new ThresholdFilter();
        filter.setContext(context);
        filter.setLevel(level.levelStr);
        filter.start();
        return filter;
    }
}
