package dev.reverbj.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Builds the {@link ReverbConfig} from, lowest precedence first: the embedded {@code application.yaml},
 * the {@code --config} YAML file, the {@code --env-file} (Laravel {@code .env}), the process environment
 * ({@code REVERB_*} names as Laravel Reverb uses them) and command-line flags. Every value is checked; all
 * problems are reported together, each naming its key and where it came from.
 */
public final class ConfigLoader {
    public static final String DEFAULT_APP_ID = "reverb-dev";
    public static final String DEFAULT_APP_KEY = "reverb-dev-key";
    public static final String DEFAULT_APP_SECRET = "reverb-dev-secret";

    private static final String EMBEDDED = "embedded application.yaml";
    private static final Pattern APP_KEY = Pattern.compile("reverb\\.apps\\.(\\d+)\\.(.+)");
    private static final Set<String> SERVER_KEYS = Set.of("host", "port", "path", "hostname", "max-request-size",
            "outbox-limit", "debug", "tls.certificate", "tls.private-key", "shutdown-timeout", "metrics-port", "backlog",
            "handover-timeout", "request-timeout", "public-port", "public-scheme", "metrics-host");
    private static final Set<String> APP_KEYS = Set.of("app-id", "key", "secret", "allowed-origins", "ping-interval",
            "activity-timeout", "max-connections", "max-message-size", "accept-client-events-from",
            "rate-limiting.enabled", "rate-limiting.max-attempts", "rate-limiting.decay-seconds",
            "rate-limiting.terminate-on-limit", "max-presence-members", "cache-ttl", "max-channels");
    private static final Set<String> SCALING_KEYS = Set.of("enabled", "channel", "redis.url", "redis.host", "redis.port",
            "redis.username", "redis.password", "redis.database", "outbox.size", "outbox.max-age");
    private static final Set<String> DASHBOARD_KEYS = Set.of("enabled", "username", "password", "path");
    private static final Map<String, String> DASHBOARD_ENV = Map.of(
            "REVERB_DASHBOARD_ENABLED", "enabled",
            "REVERB_DASHBOARD_USERNAME", "username",
            "REVERB_DASHBOARD_PASSWORD", "password",
            "REVERB_DASHBOARD_PATH", "path");
    /** Reverb's and Laravel's Redis variables ({@code config/database.php}), mapped to {@code reverb.scaling.*} keys. */
    private static final Map<String, String> SCALING_ENV = Map.of(
            "REVERB_SCALING_ENABLED", "enabled",
            "REVERB_SCALING_CHANNEL", "channel",
            "REDIS_URL", "redis.url",
            "REDIS_HOST", "redis.host",
            "REDIS_PORT", "redis.port",
            "REDIS_USERNAME", "redis.username",
            "REDIS_PASSWORD", "redis.password",
            "REDIS_DB", "redis.database");
    /** Laravel Reverb's flat variable names, mapped to our keys. */
    private static final Map<String, String> SERVER_ENV = Map.ofEntries(
            Map.entry("REVERB_SERVER_HOST", "host"),
            Map.entry("REVERB_SERVER_PORT", "port"),
            Map.entry("REVERB_SERVER_PATH", "path"),
            Map.entry("REVERB_HOST", "hostname"),
            Map.entry("REVERB_MAX_REQUEST_SIZE", "max-request-size"),
            Map.entry("REVERB_TLS_CERTIFICATE", "tls.certificate"),
            Map.entry("REVERB_TLS_PRIVATE_KEY", "tls.private-key"),
            Map.entry("REVERB_SHUTDOWN_TIMEOUT", "shutdown-timeout"),
            Map.entry("REVERB_METRICS_PORT", "metrics-port"),
            Map.entry("REVERB_SERVER_BACKLOG", "backlog"),
            Map.entry("REVERB_SERVER_HANDOVER_TIMEOUT", "handover-timeout"),
            Map.entry("REVERB_PORT", "public-port"),
            Map.entry("REVERB_SCHEME", "public-scheme"),
            Map.entry("REVERB_METRICS_HOST", "metrics-host"));
    private static final Map<String, String> APP_ENV = Map.ofEntries(
            Map.entry("REVERB_APP_ID", "app-id"),
            Map.entry("REVERB_APP_KEY", "key"),
            Map.entry("REVERB_APP_SECRET", "secret"),
            Map.entry("REVERB_APP_ALLOWED_ORIGINS", "allowed-origins"),
            Map.entry("REVERB_APP_PING_INTERVAL", "ping-interval"),
            Map.entry("REVERB_APP_ACTIVITY_TIMEOUT", "activity-timeout"),
            Map.entry("REVERB_APP_MAX_CONNECTIONS", "max-connections"),
            Map.entry("REVERB_APP_MAX_MESSAGE_SIZE", "max-message-size"),
            Map.entry("REVERB_APP_MAX_CHANNELS", "max-channels"),
            Map.entry("REVERB_APP_ACCEPT_CLIENT_EVENTS_FROM", "accept-client-events-from"),
            Map.entry("REVERB_APP_RATE_LIMITING_ENABLED", "rate-limiting.enabled"),
            Map.entry("REVERB_APP_RATE_LIMITING_MAX_ATTEMPTS", "rate-limiting.max-attempts"),
            Map.entry("REVERB_APP_RATE_LIMITING_DECAY_SECONDS", "rate-limiting.decay-seconds"),
            Map.entry("REVERB_APP_RATE_LIMITING_TERMINATE", "rate-limiting.terminate-on-limit"));

    /** A raw value and where it came from, for error messages. */
    record Value(String raw, String source) {
    }

    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** Every value the configuration was built from, by key, for {@code reverb config --print}. */
    private final Map<String, Setting> settings = new LinkedHashMap<>();
    private PublicAddress publicAddress = PublicAddress.UNSET;

    private ConfigLoader() {
    }

    /**
     * @param configFile  the {@code --config} file, or null
     * @param envFile     the {@code --env-file}, or null
     * @param flags       command-line values by server key ({@code host}, {@code port}, {@code path},
     *                    {@code hostname}, {@code debug})
     * @param environment the process environment
     * @throws ConfigException listing every problem found
     */
    public static ReverbConfig load(Path configFile, Path envFile, Map<String, String> flags, Map<String, String> environment) {
        return new ConfigLoader().resolve(configFile, envFile, flags, environment);
    }

    /**
     * The same as {@link #load}, plus every effective value with its source ("default" when no source set it),
     * for {@code reverb config --print}.
     */
    public static Effective describe(Path configFile, Path envFile, Map<String, String> flags,
                                     Map<String, String> environment) {
        ConfigLoader loader = new ConfigLoader();
        ReverbConfig config = loader.resolve(configFile, envFile, flags, environment);
        return new Effective(config, List.copyOf(loader.settings.values()), loader.publicAddress);
    }

    /**
     * A loaded configuration, the settings it was built from (in the order they were read) and the address
     * clients use.
     */
    public record Effective(ReverbConfig config, List<Setting> settings, PublicAddress publicAddress) {
    }

    private void record(String key, Object value, Value from) {
        settings.put(key, new Setting(key, value, from == null || from.source().equals(EMBEDDED) ? "default" : from.source()));
    }

    private ReverbConfig resolve(Path configFile, Path envFile, Map<String, String> flags, Map<String, String> environment) {
        Map<String, Value> yaml = new LinkedHashMap<>(flatten(Config.just(ConfigSources.classpath("application.yaml")), EMBEDDED));
        if (configFile != null) {
            Map<String, Value> fromFile = YamlFile.read(configFile, problems, warnings);
            // A file that lists apps replaces the embedded list as a whole.
            if (fromFile.keySet().stream().anyMatch(k -> k.startsWith("reverb.apps."))) {
                yaml.keySet().removeIf(k -> k.startsWith("reverb.apps."));
            }
            yaml.putAll(fromFile);
        }

        Map<String, Value> env = new LinkedHashMap<>();
        if (envFile != null) {
            DotEnv.read(envFile, environment, problems).forEach((k, v) -> env.put(k, new Value(v, envFile.toString())));
        }
        environment.forEach((k, v) -> env.put(k, new Value(v, "environment variable " + k)));

        Map<String, Value> server = new LinkedHashMap<>();
        Map<String, Value> scaling = new LinkedHashMap<>();
        Map<String, Value> dashboard = new LinkedHashMap<>();
        List<Map<String, Value>> apps = new ArrayList<>();
        split(yaml, server, scaling, apps);
        yaml.forEach((key, value) -> section(key, "reverb.dashboard.", DASHBOARD_KEYS, value, dashboard));
        fromEnv(env, DASHBOARD_ENV, dashboard);
        SERVER_ENV.forEach((name, key) -> {
            Value v = env.get(name);
            if (v != null && !v.raw().isEmpty()) {
                server.put(key, v);
            }
        });
        SCALING_ENV.forEach((name, key) -> {
            Value v = env.get(name);
            if (v != null && !v.raw().isEmpty()) {
                scaling.put(key, v);
            }
        });
        flags.forEach((key, raw) -> server.put(key, new Value(raw, "--" + key)));
        mergeEnvApp(env, apps);

        Value target = yaml.get("reverb.ops.connections-target");
        if (target != null) {
            // Read by ops/render.sh only, through config --print.
            record("reverb.ops.connections-target", target.raw().strip(), target);
        }
        ServerConfig serverConfig = serverConfig(server);
        publicAddress = publicAddress(server, serverConfig.hostname());
        ScalingConfig scalingConfig = scalingConfig(scaling);
        DashboardConfig dashboardConfig = dashboardConfig(dashboard);
        List<AppConfig> appConfigs = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            AppConfig app = appConfig(i, apps.get(i));
            if (app != null) {
                appConfigs.add(app);
            }
        }
        checkUnique(appConfigs, apps);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        boolean usingDefault = appConfigs.isEmpty();
        if (usingDefault) {
            appConfigs.add(AppConfig.withDefaults(DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_APP_SECRET));
            Value dev = new Value("", "development app (--dev)");
            record("reverb.apps[0].app-id", DEFAULT_APP_ID, dev);
            record("reverb.apps[0].key", DEFAULT_APP_KEY, dev);
            record("reverb.apps[0].secret", DEFAULT_APP_SECRET, dev);
        }
        return new ReverbConfig(serverConfig, appConfigs, usingDefault, warnings, scalingConfig, dashboardConfig);
    }

    static Map<String, Value> flatten(Config root, String source) {
        Map<String, Value> flat = new LinkedHashMap<>();
        root.traverse()
                .filter(Config::isLeaf)
                .forEach(node -> flat.put(node.key().toString(), new Value(node.asString().orElse(""), source)));
        return flat;
    }

    private void split(Map<String, Value> yaml, Map<String, Value> server, Map<String, Value> scaling,
                       List<Map<String, Value>> apps) {
        Map<Integer, Map<String, Value>> byIndex = new java.util.TreeMap<>();
        for (Map.Entry<String, Value> e : yaml.entrySet()) {
            String key = e.getKey();
            Matcher m = APP_KEY.matcher(key);
            if (key.startsWith("reverb.server.")) {
                String name = key.substring("reverb.server.".length());
                if (SERVER_KEYS.contains(name)) {
                    server.put(name, e.getValue());
                } else {
                    warnings.add("unknown key " + key + " in " + e.getValue().source() + " (ignored)");
                }
            } else if (key.startsWith("reverb.scaling.")) {
                String name = key.substring("reverb.scaling.".length());
                if (SCALING_KEYS.contains(name)) {
                    scaling.put(name, e.getValue());
                } else {
                    warnings.add("unknown key " + key + " in " + e.getValue().source() + " (ignored)");
                }
            } else if (m.matches()) {
                String field = m.group(2).replaceFirst("^allowed-origins\\.\\d+$", "allowed-origins");
                Map<String, Value> app = byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new LinkedHashMap<>());
                if (field.equals("allowed-origins") && app.containsKey(field)) {
                    Value before = app.get(field);
                    app.put(field, new Value(before.raw() + "," + e.getValue().raw(), before.source()));
                } else if (APP_KEYS.contains(field) || WebhookConfigs.isWebhookKey(field)) {
                    app.put(field, e.getValue());
                } else {
                    warnings.add("unknown key " + key + " in " + e.getValue().source() + " (ignored)");
                }
            } else if (key.startsWith("reverb.") && !key.startsWith("reverb.scaling.") && !key.startsWith("reverb.ops.")
                    && !key.startsWith("reverb.dashboard.")) {
                warnings.add("unknown key " + key + " in " + e.getValue().source() + " (ignored)");
            }
        }
        apps.addAll(byIndex.values());
    }

    /** Puts {@code key} into {@code into} when it is one of the section's keys; warns about other keys under it. */
    private void section(String key, String prefix, Set<String> known, Value value, Map<String, Value> into) {
        if (!key.startsWith(prefix)) {
            return;
        }
        String name = key.substring(prefix.length());
        if (known.contains(name)) {
            into.put(name, value);
        } else {
            warnings.add("unknown key " + key + " in " + value.source() + " (ignored)");
        }
    }

    /** Variables named in {@code names} (variable to key) that are set and not empty, over what {@code into} has. */
    private static void fromEnv(Map<String, Value> env, Map<String, String> names, Map<String, Value> into) {
        names.forEach((name, key) -> {
            Value v = env.get(name);
            if (v != null && !v.raw().isEmpty()) {
                into.put(key, v);
            }
        });
    }

    /**
     * {@code reverb.dashboard.*}: enabled needs both credentials (never a default password), and the page's
     * path must not take a route of its own server.
     */
    private DashboardConfig dashboardConfig(Map<String, Value> d) {
        boolean enabled = bool(d, "enabled", "reverb.dashboard.enabled", false);
        String username = text(d, "username", "reverb.dashboard.username", "");
        // Not stripped: spaces may be part of a password. `config --print` shows it as hidden (Setting.secret).
        String password = d.containsKey("password") ? d.get("password").raw() : "";
        record("reverb.dashboard.password", password, d.get("password"));
        String path = ServerConfig.normalizePath(text(d, "path", "reverb.dashboard.path", DashboardConfig.DEFAULT_PATH));
        int before = problems.size();
        if (enabled && (username.isEmpty() || password.isEmpty())) {
            problems.add("reverb.dashboard: enabled without credentials; set reverb.dashboard.username and password "
                    + "(or REVERB_DASHBOARD_USERNAME and REVERB_DASHBOARD_PASSWORD)");
        }
        if (username.indexOf(':') >= 0) {
            problems.add("reverb.dashboard.username: must not contain ':' (" + d.get("username").source() + ")");
        }
        if (path.isEmpty() || !path.matches("(/[A-Za-z0-9._~\\-]+)+")
                || path.matches("/(app|apps|up|ready|metrics)(/.*)?")) {
            Value raw = d.get("path");
            problems.add("reverb.dashboard.path: must be a URL path of its own such as /dashboard, got '"
                    + (raw == null ? path : raw.raw()) + "'" + (raw == null ? "" : " (" + raw.source() + ")"));
        }
        if (problems.size() > before || !enabled) {
            return DashboardConfig.DISABLED;
        }
        return new DashboardConfig(true, username, password, path);
    }

    /**
     * The single app of {@code REVERB_APP_*} variables: it overrides the YAML app with the same id, or is
     * added to the list.
     */
    private static void mergeEnvApp(Map<String, Value> env, List<Map<String, Value>> apps) {
        Map<String, Value> fromEnv = new LinkedHashMap<>();
        APP_ENV.forEach((name, key) -> {
            Value v = env.get(name);
            if (v != null && !v.raw().isEmpty()) {
                fromEnv.put(key, v);
            }
        });
        if (!fromEnv.containsKey("app-id") && !fromEnv.containsKey("key")) {
            return;
        }
        for (Map<String, Value> app : apps) {
            Value id = app.get("app-id");
            if (id != null && fromEnv.containsKey("app-id") && id.raw().equals(fromEnv.get("app-id").raw())) {
                app.putAll(fromEnv);
                return;
            }
        }
        apps.add(fromEnv);
    }

    private ServerConfig serverConfig(Map<String, Value> s) {
        String host = text(s, "host", "reverb.server.host", "0.0.0.0");
        int port = integer(s, "port", "reverb.server.port", 8080, 0, 65535);
        String path = text(s, "path", "reverb.server.path", "");
        String hostname = text(s, "hostname", "reverb.server.hostname", "");
        int maxRequest = integer(s, "max-request-size", "reverb.server.max-request-size", 10_000, 1, Integer.MAX_VALUE);
        int outbox = integer(s, "outbox-limit", "reverb.server.outbox-limit", 4 << 20, 1024, Integer.MAX_VALUE);
        boolean debug = bool(s, "debug", "reverb.server.debug", false);
        if (!path.isEmpty() && !path.matches("/?[A-Za-z0-9._~\\-/]*")) {
            problems.add("reverb.server.path: must be a URL path such as /ws, got '" + path + "' (" + s.get("path").source() + ")");
        }
        int shutdown = integer(s, "shutdown-timeout", "reverb.server.shutdown-timeout",
                (int) ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT.toSeconds(), 1, 3600);
        int metricsPort = integer(s, "metrics-port", "reverb.server.metrics-port", 0, 0, 65535);
        String metricsHost = text(s, "metrics-host", "reverb.server.metrics-host", "");
        if (!metricsHost.isBlank() && metricsPort == 0) {
            problems.add("reverb.server.metrics-host: needs reverb.server.metrics-port, the port it binds ("
                    + s.get("metrics-host").source() + ")");
        }
        int backlog = integer(s, "backlog", "reverb.server.backlog", ServerConfig.DEFAULT_BACKLOG, 1, 1 << 20);
        int handover = integer(s, "handover-timeout", "reverb.server.handover-timeout", 0, 0, 3600);
        int requestTimeout = integer(s, "request-timeout", "reverb.server.request-timeout",
                (int) ServerConfig.DEFAULT_REQUEST_TIMEOUT.toSeconds(), 1, 3600);
        Path certificate = pemFile(s, "tls.certificate");
        Path privateKey = pemFile(s, "tls.private-key");
        record("reverb.server.tls.certificate", certificate == null ? "" : certificate.toString(), s.get("tls.certificate"));
        record("reverb.server.tls.private-key", privateKey == null ? "" : privateKey.toString(), s.get("tls.private-key"));
        boolean certificateSet = s.containsKey("tls.certificate") && !s.get("tls.certificate").raw().isBlank();
        boolean keySet = s.containsKey("tls.private-key") && !s.get("tls.private-key").raw().isBlank();
        if (certificateSet != keySet) {
            problems.add("reverb.server.tls: set both certificate and private-key (PEM files), or neither");
        }
        if ((certificate == null) != (privateKey == null)) {
            certificate = null;
            privateKey = null;
        }
        return new ServerConfig(host, port, path, hostname, maxRequest, outbox, debug, certificate, privateKey,
                Duration.ofSeconds(shutdown), metricsPort, backlog, Duration.ofSeconds(handover),
                Duration.ofSeconds(requestTimeout), metricsHost);
    }

    private PublicAddress publicAddress(Map<String, Value> s, String hostname) {
        int port = integer(s, "public-port", "reverb.server.public-port", 0, 0, 65535);
        String scheme = text(s, "public-scheme", "reverb.server.public-scheme", "").toLowerCase(Locale.ROOT);
        if (!scheme.isEmpty() && !scheme.equals("http") && !scheme.equals("https")) {
            problems.add("reverb.server.public-scheme: must be http or https, got '" + scheme + "' ("
                    + s.get("public-scheme").source() + ")");
            scheme = "";
        }
        Value portValue = s.get("public-port");
        return new PublicAddress(scheme, hostname, port, port == 0 || portValue == null ? "" : portValue.source());
    }

    /** A readable PEM file named by {@code reverb.server.<field>}, or null when unset or wrong (a problem then). */
    private Path pemFile(Map<String, Value> s, String field) {
        Value v = s.get(field);
        if (v == null || v.raw().isBlank()) {
            return null;
        }
        Path file = Path.of(v.raw().strip());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add("reverb.server." + field + ": " + file + " does not exist or cannot be read (" + v.source() + ")");
            return null;
        }
        String pem;
        try {
            pem = Files.readString(file);
        } catch (java.io.IOException e) {
            problems.add("reverb.server." + field + ": cannot read " + file + " (" + e.getMessage() + ")");
            return null;
        }
        if (field.equals("tls.private-key")) {
            if (pem.contains("BEGIN EC PRIVATE KEY")) {
                problems.add("reverb.server.tls.private-key: " + file + " is an EC key in SEC1 form (BEGIN EC PRIVATE KEY), "
                        + "which Java cannot read; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in "
                        + file + " -out key-pkcs8.pem");
                return null;
            }
            if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
                problems.add("reverb.server.tls.private-key: " + file + " is encrypted; give an unencrypted PKCS#8 key "
                        + "(openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key-pkcs8.pem)");
                return null;
            }
            if (!pem.contains("PRIVATE KEY-----")) {
                problems.add("reverb.server.tls.private-key: " + file + " holds no PEM private key");
                return null;
            }
        } else if (!pem.contains("BEGIN CERTIFICATE")) {
            problems.add("reverb.server.tls.certificate: " + file + " holds no PEM certificate (BEGIN CERTIFICATE)");
            return null;
        }
        return file;
    }

    /**
     * {@code reverb.scaling.*}. The Redis address is built from the separate fields (host, port, username,
     * password, database; default 127.0.0.1:6379, db 0), then a URL, when one is set, overrides the parts it
     * contains, as Laravel's own Redis configuration does.
     */
    private ScalingConfig scalingConfig(Map<String, Value> s) {
        boolean enabled = bool(s, "enabled", "reverb.scaling.enabled", false);
        String channel = text(s, "channel", "reverb.scaling.channel", ScalingConfig.DEFAULT_CHANNEL);
        if (channel.isEmpty()) {
            problems.add("reverb.scaling.channel: must not be empty (" + s.get("channel").source() + ")");
            channel = ScalingConfig.DEFAULT_CHANNEL;
        }
        RedisEndpoint redis = RedisEndpoint.DEFAULT;
        String host = text(s, "redis.host", "reverb.scaling.redis.host", "");
        if (!host.isEmpty()) {
            redis = redis.withHost(host);
        }
        redis = redis.withPort(integer(s, "redis.port", "reverb.scaling.redis.port", redis.port(), 1, 65535))
                .withUsername(text(s, "redis.username", "reverb.scaling.redis.username", null))
                .withPassword(text(s, "redis.password", "reverb.scaling.redis.password", null))
                .withDatabase(integer(s, "redis.database", "reverb.scaling.redis.database", 0, 0, 10_000));
        Value url = s.get("redis.url");
        if (url != null && !url.raw().isBlank() && !url.raw().strip().equals("null")) {
            record("reverb.scaling.redis.url", url.raw().strip(), url);
            try {
                RedisEndpoint fromUrl = RedisEndpoint.parse(url.raw());
                boolean hasDatabase = java.net.URI.create(url.raw().strip()).getPath().length() > 1;
                redis = new RedisEndpoint(fromUrl.host(), fromUrl.port(), fromUrl.tls(),
                        fromUrl.username() != null ? fromUrl.username() : redis.username(),
                        fromUrl.password() != null ? fromUrl.password() : redis.password(),
                        hasDatabase ? fromUrl.database() : redis.database());
            } catch (IllegalArgumentException e) {
                // Never echo the URL: it may carry a password.
                problems.add("reverb.scaling.redis.url: " + e.getMessage() + " (" + url.source() + ")");
            }
        }
        int outboxSize = integer(s, "outbox.size", "reverb.scaling.outbox.size", ScalingConfig.DEFAULT_OUTBOX_SIZE, 1, 10_000_000);
        int outboxAge = integer(s, "outbox.max-age", "reverb.scaling.outbox.max-age",
                (int) ScalingConfig.DEFAULT_OUTBOX_AGE.toSeconds(), 1, 86_400);
        return new ScalingConfig(enabled, channel, redis, ScalingConfig.DEFAULT_HEARTBEAT, ScalingConfig.DEFAULT_NODE_TIMEOUT,
                outboxSize, java.time.Duration.ofSeconds(outboxAge));
    }

    private AppConfig appConfig(int index, Map<String, Value> a) {
        String prefix = "reverb.apps[" + index + "].";
        int before = problems.size();
        String id = required(a, "app-id", prefix);
        String key = required(a, "key", prefix);
        String secret = required(a, "secret", prefix);
        List<String> origins = a.containsKey("allowed-origins")
                ? Arrays.stream(a.get("allowed-origins").raw().split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList()
                : List.of("*");
        record(prefix + "allowed-origins", origins, a.get("allowed-origins"));
        int ping = integer(a, "ping-interval", prefix + "ping-interval", 60, 1, 86_400);
        int activity = integer(a, "activity-timeout", prefix + "activity-timeout", 30, 1, 86_400);
        int maxConnections = integer(a, "max-connections", prefix + "max-connections", 0, 0, Integer.MAX_VALUE);
        int maxMessage = integer(a, "max-message-size", prefix + "max-message-size", 10_000, 1, 64 << 20);
        ClientEventsPolicy policy = ClientEventsPolicy.MEMBERS;
        Value rawPolicy = a.get("accept-client-events-from");
        record(prefix + "accept-client-events-from", rawPolicy == null ? "members" : rawPolicy.raw().strip(), rawPolicy);
        if (rawPolicy != null) {
            try {
                policy = ClientEventsPolicy.parse(rawPolicy.raw());
            } catch (IllegalArgumentException e) {
                problems.add(prefix + "accept-client-events-from: must be one of members, all, none; got '"
                        + rawPolicy.raw() + "' (" + rawPolicy.source() + ")");
            }
        }
        boolean rateEnabled = bool(a, "rate-limiting.enabled", prefix + "rate-limiting.enabled", false);
        int attempts = integer(a, "rate-limiting.max-attempts", prefix + "rate-limiting.max-attempts", 60, 1, Integer.MAX_VALUE);
        int decay = integer(a, "rate-limiting.decay-seconds", prefix + "rate-limiting.decay-seconds", 60, 1, 86_400);
        boolean terminate = bool(a, "rate-limiting.terminate-on-limit", prefix + "rate-limiting.terminate-on-limit", false);
        int members = integer(a, "max-presence-members", prefix + "max-presence-members", 100, 1, 100_000);
        int cacheTtl = integer(a, "cache-ttl", prefix + "cache-ttl", 1800, 1, 31 * 86_400);
        int maxChannels = integer(a, "max-channels", prefix + "max-channels", AppConfig.DEFAULT_MAX_CHANNELS, 1, 1_000_000);
        Map<String, String> hooks = new LinkedHashMap<>();
        String hookSource = null;
        for (Map.Entry<String, Value> e : a.entrySet()) {
            if (WebhookConfigs.isWebhookKey(e.getKey())) {
                hooks.put(e.getKey(), e.getValue().raw());
                hookSource = hookSource == null ? e.getValue().source() : hookSource;
            }
        }
        List<WebhookConfig> webhooks = WebhookConfigs.parse(hooks, hookSource, prefix, problems, warnings);
        if (problems.size() > before) {
            return null;
        }
        return new AppConfig(id, key, secret, origins, Duration.ofSeconds(ping), activity, maxConnections, maxMessage,
                policy, new RateLimit(rateEnabled, attempts, decay, terminate), members, Duration.ofSeconds(cacheTtl),
                maxChannels, webhooks);
    }

    private void checkUnique(List<AppConfig> apps, List<Map<String, Value>> raw) {
        Set<String> ids = new TreeSet<>();
        Set<String> keys = new TreeSet<>();
        for (int i = 0; i < apps.size(); i++) {
            AppConfig app = apps.get(i);
            if (!ids.add(app.id())) {
                problems.add("reverb.apps: app-id '" + app.id() + "' is used by more than one app ("
                        + raw.get(i).get("app-id").source() + ")");
            }
            if (!keys.add(app.key())) {
                problems.add("reverb.apps: key '" + app.key() + "' is used by more than one app ("
                        + raw.get(i).get("key").source() + ")");
            }
        }
    }

    private String required(Map<String, Value> values, String field, String prefix) {
        Value v = values.get(field);
        if (v == null || v.raw().isBlank()) {
            String where = values.values().stream().findFirst().map(Value::source).orElse("configuration");
            problems.add(prefix + field + ": is required but missing (" + where + ")");
            return null;
        }
        record(prefix + field, v.raw().strip(), v);
        return v.raw().strip();
    }

    private String text(Map<String, Value> values, String field, String key, String fallback) {
        Value v = values.get(field);
        String value = v == null ? fallback : v.raw().strip();
        record(key, value, v);
        return value;
    }

    private int integer(Map<String, Value> values, String field, String key, int fallback, int min, int max) {
        Value v = values.get(field);
        if (v == null || v.raw().isBlank()) {
            record(key, fallback, null);
            return fallback;
        }
        try {
            long parsed = Long.parseLong(v.raw().strip());
            if (parsed < min || parsed > max) {
                problems.add(key + ": must be between " + min + " and " + max + ", got " + parsed + " (" + v.source() + ")");
                return fallback;
            }
            record(key, (int) parsed, v);
            return (int) parsed;
        } catch (NumberFormatException e) {
            problems.add(key + ": must be a whole number, got '" + v.raw() + "' (" + v.source() + ")");
            return fallback;
        }
    }

    private boolean bool(Map<String, Value> values, String field, String key, boolean fallback) {
        Value v = values.get(field);
        if (v == null || v.raw().isBlank()) {
            record(key, fallback, null);
            return fallback;
        }
        return switch (v.raw().strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> {
                record(key, true, v);
                yield true;
            }
            case "false", "0", "no", "off" -> {
                record(key, false, v);
                yield false;
            }
            default -> {
                problems.add(key + ": must be true or false, got '" + v.raw() + "' (" + v.source() + ")");
                yield fallback;
            }
        };
    }
}
