package io.benchline.signup.access;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.logging.AccessLog;
import reactor.netty.http.server.logging.AccessLogArgProvider;

/**
 * Reactor Netty's access log, when on, writes each request's path without its query string: stream tokens travel
 * as {@code ?token=} for cross-origin frontends and must not land in log files. On with
 * {@code benchline.signup.access-log.enabled=true} or Reactor Netty's own switch
 * ({@code -Dreactor.netty.http.server.accessLogEnabled=true}), which would otherwise log full URIs.
 */
@Component
@EnableConfigurationProperties(QueryFreeAccessLog.Settings.class)
class QueryFreeAccessLog implements NettyServerCustomizer {

    static final String NETTY_SWITCH = "reactor.netty.http.server.accessLogEnabled";
    private static final String FORMAT = "{} - {} [{}] \"{} {} {}\" {} {} {} ms";

    private final boolean enabled;

    QueryFreeAccessLog(Settings settings) {
        this.enabled = settings.enabled() || Boolean.getBoolean(NETTY_SWITCH);
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.accessLog(enabled, QueryFreeAccessLog::entry);
    }

    private static AccessLog entry(AccessLogArgProvider request) {
        return AccessLog.create(
                FORMAT,
                address(request.remoteAddress()),
                request.user() == null ? "-" : request.user(),
                request.zonedDateTime(),
                request.method(),
                pathOf(request.uri()),
                request.protocol(),
                request.status(),
                request.contentLength() < 0 ? "-" : request.contentLength(),
                request.duration());
    }

    static String pathOf(CharSequence uri) {
        if (uri == null) {
            return "-";
        }
        String value = uri.toString();
        int query = value.indexOf('?');
        return query < 0 ? value : value.substring(0, query);
    }

    private static String address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : "-";
    }

    /** {@code benchline.signup.access-log.enabled}: write Reactor Netty's access log (without query strings). */
    @ConfigurationProperties("benchline.signup.access-log")
    record Settings(@DefaultValue("false") boolean enabled) {}
}
