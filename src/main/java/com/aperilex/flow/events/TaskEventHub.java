package com.aperilex.flow.events;

import com.aperilex.flow.domain.TaskId;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This replica's ear on PostgreSQL's aperilex_task_events channel (a trigger on task_transitions
 * announces every transition, whichever process recorded it): one connection of its own (not from the
 * pool), LISTENing,
 * waking the listeners of the task named. After the connection is lost it listens again and wakes every
 * listener, so nothing said in between is missed (listeners read what changed from the table).
 */
@Component
public class TaskEventHub implements SmartLifecycle {
    static final String CHANNEL = "aperilex_task_events";
    private static final Logger LOG = LoggerFactory.getLogger(TaskEventHub.class);

    /** Told that its task may have a new transition; must not block. */
    public interface Listener {
        void changed();
    }

    private final DataSource dataSource;
    private final Map<TaskId, Set<Listener>> listeners = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    public TaskEventHub(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void subscribe(TaskId task, Listener listener) {
        listeners.computeIfAbsent(task, t -> ConcurrentHashMap.newKeySet()).add(listener);
    }

    public void unsubscribe(TaskId task, Listener listener) {
        listeners.computeIfPresent(task, (t, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listen, "task-event-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = openConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                wakeAll(); // anything recorded while not listening
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        dispatch(notification.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("Task event listener lost its connection, listening again in 1 s: {}", e.toString());
                    sleep();
                }
            }
        }
    }

    /**
     * A connection of the listener's own, outside the pool: it is held for good, and when the database
     * drops it, it must not go back to the pool for a worker to trip over.
     */
    private Connection openConnection() throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
            if (pool.getDataSource() != null) {
                // The pool's own unpooled source, e.g. the login with the current password secret.
                return pool.getDataSource().getConnection();
            }
            return DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
        }
        return dataSource.getConnection();
    }

    private void dispatch(String payload) {
        int colon = payload.indexOf(':');
        TaskId task;
        try {
            task = TaskId.parse(colon < 0 ? payload : payload.substring(0, colon));
        } catch (RuntimeException e) {
            LOG.warn("Ignoring malformed task event notification '{}'", payload);
            return;
        }
        Set<Listener> interested = listeners.get(task);
        if (interested != null) {
            interested.forEach(Listener::changed);
        }
    }

    private void wakeAll() {
        listeners.values().forEach(set -> set.forEach(Listener::changed));
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
