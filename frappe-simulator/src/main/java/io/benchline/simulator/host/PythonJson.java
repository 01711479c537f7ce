package io.benchline.simulator.host;

import java.util.List;
import java.util.Map;

/** Writes values the way Python's {@code json.dumps} does by default: {@code ", "} and {@code ": "}, ASCII only. */
public final class PythonJson {

    public static String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** {@code json.dumps(value, indent=1, sort_keys=True)}, as Frappe writes config files and {@code as_json}. */
    public static String dumpsIndented(Object value) {
        StringBuilder out = new StringBuilder();
        writeIndented(value, out, 0);
        return out.toString();
    }

    private static void writeIndented(Object value, StringBuilder out, int depth) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            out.append("{\n");
            int i = 0;
            for (Map.Entry<String, Object> entry : sorted.entrySet()) {
                out.append(" ".repeat(depth + 1));
                string(entry.getKey(), out);
                out.append(": ");
                writeIndented(entry.getValue(), out, depth + 1);
                out.append(++i < sorted.size() ? ",\n" : "\n");
            }
            out.append(" ".repeat(depth)).append('}');
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            out.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                out.append(" ".repeat(depth + 1));
                writeIndented(list.get(i), out, depth + 1);
                out.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            out.append(" ".repeat(depth)).append(']');
        } else {
            write(value, out);
        }
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof Boolean bool) {
            out.append(bool ? "true" : "false");
        } else if (value instanceof Number number) {
            out.append(number);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                string(String.valueOf(entry.getKey()), out);
                out.append(": ");
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            string(value.toString(), out);
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private PythonJson() {}
}
