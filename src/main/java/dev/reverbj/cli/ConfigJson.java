package dev.reverbj.cli;

import java.util.List;

import dev.reverbj.config.ConfigLoader;
import dev.reverbj.config.Setting;
import dev.reverbj.protocol.wire.JsonText;

/**
 * {@code reverb config --print}: the effective configuration as one JSON object, one setting per line
 * ({@code "key": {"source": "...", "value": ...}}), so that shell tools (ops/render.sh) can read it line by line
 * without a JSON parser. Secrets are printed as {@code "<hidden>"}; the password of a Redis URL as {@code ****}.
 */
final class ConfigJson {
    static final String HIDDEN = "<hidden>";

    private ConfigJson() {
    }

    static String of(ConfigLoader.Effective effective) {
        StringBuilder json = new StringBuilder("{\n");
        List<Setting> settings = effective.settings();
        for (int i = 0; i < settings.size(); i++) {
            Setting s = settings.get(i);
            json.append("  ");
            JsonText.appendQuoted(json, s.key());
            json.append(": {\"source\": ");
            JsonText.appendQuoted(json, s.source());
            json.append(", \"value\": ");
            value(json, s.secret() ? hide(s) : s.value());
            json.append(i + 1 < settings.size() ? "},\n" : "}\n");
        }
        return json.append("}\n").toString();
    }

    private static Object hide(Setting s) {
        if (s.value() == null || s.value().toString().isEmpty()) {
            return s.value();
        }
        return s.key().endsWith("redis.url") ? s.value().toString().replaceAll("(://[^:/@]*:)[^@/]*@", "$1****@") : HIDDEN;
    }

    private static void value(StringBuilder json, Object value) {
        if (value == null) {
            json.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            json.append(value);
        } else if (value instanceof List<?> list) {
            json.append('[');
            for (int i = 0; i < list.size(); i++) {
                json.append(i == 0 ? "" : ", ");
                JsonText.appendQuoted(json, list.get(i).toString());
            }
            json.append(']');
        } else {
            JsonText.appendQuoted(json, value.toString());
        }
    }
}
