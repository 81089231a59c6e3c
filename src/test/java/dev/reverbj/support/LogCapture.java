package dev.reverbj.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What the in-JVM server logs while it is attached (java.util.logging, where System.Logger goes): the records at
 * or above a level, and the bytes they take once formatted with their stack traces, as a log file would hold them.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new ArrayList<>();
    private final AtomicLong bytes = new AtomicLong();
    private final Level threshold;

    private LogCapture(Level threshold) {
        this.threshold = threshold;
        setFormatter(new SimpleFormatter());
    }

    /** Starts capturing records at {@code threshold} and above from every logger. */
    public static LogCapture attach(Level threshold) {
        LogCapture capture = new LogCapture(threshold);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() < threshold.intValue()) {
            return;
        }
        bytes.addAndGet(getFormatter().format(record).length());
        synchronized (records) {
            records.add(record);
        }
    }

    /** Formatted size of what was captured so far. */
    public long bytes() {
        return bytes.get();
    }

    public List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** One line per captured record: level, logger and message, for assertion messages. */
    public String summary() {
        return summaryFrom(0);
    }

    /** {@link #summary()} of the records after the first {@code from}. */
    public String summaryFrom(int from) {
        StringBuilder out = new StringBuilder();
        List<LogRecord> all = records();
        for (LogRecord r : all.subList(Math.min(from, all.size()), all.size())) {
            out.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ")
                    .append(getFormatter().formatMessage(r));
            if (r.getThrown() != null) {
                out.append(" (").append(r.getThrown()).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
