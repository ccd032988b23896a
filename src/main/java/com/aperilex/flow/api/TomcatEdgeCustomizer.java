package com.aperilex.flow.api;

import com.aperilex.flow.config.AperilexProperties;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * The edge inside Tomcat: the body limit as an engine valve ({@link BodyLimitValve}), the same limit for the
 * connector's own form parsing ({@code maxPostSize}) and for how much of an unread body it swallows before
 * closing ({@code maxSwallowSize}, 2 MB by default), and the host's error report as problem+json
 * ({@link ProblemErrorReportValve}). Ordered last, so it replaces the plain error report valve Spring Boot adds.
 */
@Component
public class TomcatEdgeCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
    private final long limit;

    public TomcatEdgeCustomizer(AperilexProperties properties) {
        this.limit = properties.api().maxBodySize().toBytes();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addEngineValves(new BodyLimitValve(limit));
        int cap = (int) Math.min(Integer.MAX_VALUE, limit);
        factory.addConnectorCustomizers(connector -> {
            connector.setMaxPostSize(cap);
            // Tomcat refuses TRACE itself with an empty 405; let it through to EdgeRequestFilter, which refuses
            // it (and any method outside its list) with the same 405 as problem+json.
            connector.setAllowTrace(true);
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setMaxSwallowSize(cap);
            }
        });
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                useProblemReports(host);
            }
        });
    }

    /** One error report valve on the host, ours: StandardHost adds its configured class when it finds none. */
    static void useProblemReports(StandardHost host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve) {
                host.getPipeline().removeValve(valve);
            }
        }
        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        host.getPipeline().addValve(new ProblemErrorReportValve());
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
