package com.aperilex.flow.api;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.ApiLinks;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.events.TaskEventHub;
import com.aperilex.flow.intake.TaskWait;
import com.aperilex.flow.limits.ConcurrencyLimit;
import com.aperilex.flow.problem.Problem;
import com.aperilex.flow.problem.ProblemType;
import com.aperilex.flow.queries.TaskQueries;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The waiting half of the long-poll {@code GET /api/v1/tasks/{taskId}?waitSeconds=N[&ifStatus=S]}: while the
 * task's status is still the one watched, the request is parked (servlet async, no thread held) until the
 * event hub reports a change or the time is up; then it is dispatched on to the get-task route, which
 * answers the task as it is. Everything that is not a valid wait on an existing, visible task passes straight
 * through, so the route stays the one place that answers (400 for a bad query, 404 for a task that is not
 * the caller's, 503 when the database is down).
 *
 * <p>Why not in the route: Camel's platform-http runs each route on a small shared executor; a route that
 * waited held one of its threads for up to 30 s, and eight long-polls froze every REST call.
 *
 * <p>Held waits are capped per replica and per caller ({@code aperilex.events.max-long-polls},
 * {@code max-long-polls-per-user}): beyond them 429 problem+json with Retry-After. When the service begins
 * to shut down every parked wait is answered at once, so a rolling update is not held up by them.
 */
@Component
// After Spring Security's chain, which authenticates and records the caller (SecurityProperties' order).
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 20)
public class TaskLongPolls extends OncePerRequestFilter implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(TaskLongPolls.class);
    private static final Pattern TASK_PATH = Pattern.compile(Pattern.quote(ApiLinks.BASE) + "/tasks/([^/]+)");
    /** The container's own timeout is a backstop only; the scheduler answers at the asked time. */
    private static final long CONTAINER_GRACE_MILLIS = 10_000;
    private static final String RETRY_AFTER_SECONDS = "2";

    private final TaskQueries tasks;
    private final TaskEventHub hub;
    private final ObjectMapper json;
    private final ConcurrencyLimit limit;
    private final Set<Wait> waits = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("task-long-poll-timer"));
    /** Reads a woken task's status off the hub's listener thread (listeners must not block). */
    private final ExecutorService checker = Executors.newFixedThreadPool(2, daemon("task-long-poll-check"));
    private volatile boolean running;

    public TaskLongPolls(TaskQueries tasks, TaskEventHub hub, ObjectMapper json, AperilexProperties properties) {
        this.tasks = tasks;
        this.hub = hub;
        this.json = json;
        this.limit = new ConcurrencyLimit(properties.events().maxLongPolls(), properties.events().maxLongPollsPerUser());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"GET".equals(request.getMethod()) || request.getParameter("waitSeconds") == null
                || !TASK_PATH.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Parking> parking = park(request);
        if (parking.isEmpty()) {
            chain.doFilter(request, response);
        } else if (parking.get().refusal() != null) {
            refuse(request, response, parking.get().refusal());
        } else {
            parking.get().parked().begin(request.startAsync(request, response));
        }
    }

    /** A wait to begin, or the cap that refused it: exactly one of the two. */
    private record Parking(Wait parked, ConcurrencyLimit.Refusal refusal) {
    }

    /** The wait this request starts (or its refusal), or empty when the route answers it at once. */
    private Optional<Parking> park(HttpServletRequest request) {
        if (!running) {
            return Optional.empty();
        }
        TaskId id;
        TaskWait asked;
        try {
            Matcher path = TASK_PATH.matcher(request.getRequestURI());
            path.matches();
            id = TaskId.parse(path.group(1));
            asked = TaskWait.parse(request.getParameter("waitSeconds"), request.getParameter("ifStatus"));
        } catch (RuntimeException invalid) {
            return Optional.empty(); // the route answers 400 naming what is wrong
        }
        if (!asked.waits()) {
            return Optional.empty();
        }
        Caller caller = (Caller) request.getAttribute(Caller.REQUEST_ATTRIBUTE);
        Optional<TaskStatus> now;
        try {
            now = visibleStatus(id, caller);
        } catch (DataAccessException e) {
            return Optional.empty(); // the route meets the same outage and answers it
        }
        if (now.isEmpty() || asked.answerNow(now.get())) {
            return Optional.empty();
        }
        ConcurrencyLimit.Result permit = limit.tryAcquire(waiterKey(caller, request));
        if (permit.permit() == null) {
            return Optional.of(new Parking(null, permit.refusal()));
        }
        return Optional.of(new Parking(new Wait(id, caller, now.get(), asked, permit.permit()), null));
    }

    /** Another user's task is not waited on: the route answers it 404 at once, exactly as an unknown id. */
    private Optional<TaskStatus> visibleStatus(TaskId id, Caller caller) {
        return tasks.visibleStatus(id, caller);
    }

    /** Whom a cap counts against: the user, or the client's address when there is no authenticated user. */
    static String waiterKey(Caller caller, HttpServletRequest request) {
        return caller != null && caller.hasUser() ? waiterKey(caller.userId()) : "address:" + request.getRemoteAddr();
    }

    static String waiterKey(UserId user) {
        return "user:" + user;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ConcurrencyLimit.Refusal refusal)
            throws IOException {
        String detail = refusal == ConcurrencyLimit.Refusal.KEY_FULL
                ? "You hold the most long-polls you may at once; wait for one to answer, or follow the task's events."
                : "This replica holds the most long-polls it may; retry shortly or follow the task's events.";
        Problem problem = Problem.of(ProblemType.TOO_MANY_WAITS, detail, request.getRequestURI());
        response.setStatus(problem.status());
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(Problem.MEDIA_TYPE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** Long-polls held now (for tests and metrics). */
    public int heldWaits() {
        return waits.size();
    }

    @Override
    public void start() {
        running = true;
    }

    /** Shutdown begins: answer every parked wait now, and park no more. */
    @Override
    public void stop() {
        running = false;
        int answered = 0;
        for (Wait wait : waits) {
            wait.answer();
            answered++;
        }
        if (answered > 0) {
            LOG.info("Shutting down: answered {} parked long-polls at once", answered);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        checker.shutdownNow();
    }

    /** One parked request; answered exactly once, by change, time-out, shutdown or the client leaving. */
    private final class Wait implements TaskEventHub.Listener, AsyncListener {
        private final TaskId task;
        private final Caller caller;
        private final TaskStatus watched;
        private final TaskWait asked;
        private final ConcurrencyLimit.Permit permit;
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile AsyncContext async;
        private volatile ScheduledFuture<?> timeout;

        Wait(TaskId task, Caller caller, TaskStatus now, TaskWait asked, ConcurrencyLimit.Permit permit) {
            this.task = task;
            this.caller = caller;
            this.watched = asked.watched(now);
            this.asked = asked;
            this.permit = permit;
        }

        void begin(AsyncContext context) {
            this.async = context;
            context.setTimeout(asked.atMost().toMillis() + CONTAINER_GRACE_MILLIS);
            context.addListener(this);
            waits.add(this);
            hub.subscribe(task, this);
            timeout = timer.schedule(this::answer, asked.atMost().toMillis(), TimeUnit.MILLISECONDS);
            // A change between the first look and subscribing would otherwise wait out the whole time.
            checker.execute(this::check);
            if (!running) {
                answer(); // shutdown began while this one was being parked
            }
        }

        @Override
        public void changed() {
            if (!answered.get()) {
                checker.execute(this::check);
            }
        }

        private void check() {
            if (answered.get()) {
                return;
            }
            try {
                if (visibleStatus(task, caller).map(s -> s != watched).orElse(true)) {
                    answer();
                }
            } catch (RuntimeException e) {
                answer(); // let the route meet whatever is wrong and answer it
            }
        }

        void answer() {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            release();
            try {
                async.dispatch();
            } catch (IllegalStateException gone) {
                LOG.debug("Long-poll of task {} ended before its answer: {}", task, gone.toString());
            }
        }

        private void release() {
            hub.unsubscribe(task, this);
            ScheduledFuture<?> pending = timeout;
            if (pending != null) {
                pending.cancel(false);
            }
            waits.remove(this);
            permit.close();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            answer();
        }

        @Override
        public void onError(AsyncEvent event) {
            // The connection failed: nothing to answer to; give the place back.
            if (answered.compareAndSet(false, true)) {
                release();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            if (answered.compareAndSet(false, true)) {
                release();
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // A new async cycle (the route's own) begins on the dispatched request; nothing to do.
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
