package dev.reverbj.config;

/**
 * Where clients reach the server, which may differ from where it binds (behind nginx, a load balancer or a
 * container port mapping): Laravel's {@code REVERB_SCHEME}, {@code REVERB_HOST} and {@code REVERB_PORT}, which the
 * Laravel app and Echo use, as opposed to {@code REVERB_SERVER_HOST}/{@code REVERB_SERVER_PORT}, where the server
 * binds. YAML: {@code reverb.server.hostname}, {@code reverb.server.public-port}, {@code reverb.server.public-scheme}.
 *
 * @param scheme     {@code http} or {@code https}, or "" for what the server serves (https with TLS)
 * @param host       the public host name, or "" when not set
 * @param port       the public port, or 0 for the port the server binds
 * @param portSource where {@code port} came from ("" when not set)
 */
public record PublicAddress(String scheme, String host, int port, String portSource) {
    public static final PublicAddress UNSET = new PublicAddress("", "", 0, "");
}
