package io.benchline.simulator.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Python literals {@code bench execute --args/--kwargs} and {@code set-config -p} accept
 * (Frappe evaluates them; only literals are supported here): lists, tuples, dicts, strings, numbers,
 * True, False, None.
 */
final class PythonLiteral {

    /** The text is not valid Python. */
    static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) {
            super(message);
        }
    }

    /** The text is a bare name: Python raises NameError, and {@code execute} then takes it as a string. */
    static final class NameError extends RuntimeException {
        NameError(String name) {
            super("name '" + name + "' is not defined");
        }
    }

    private final String text;
    private int pos;

    private PythonLiteral(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        PythonLiteral parser = new PythonLiteral(text);
        parser.skipSpace();
        if (parser.pos >= text.length()) {
            throw new SyntaxError("invalid syntax");
        }
        Object value = parser.value();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw new SyntaxError("invalid syntax");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw new SyntaxError("unexpected EOF while parsing");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '[' -> sequence('[', ']');
            case '(' -> sequence('(', ')');
            case '{' -> dict();
            case '\'', '"' -> string();
            default -> {
                if (c == '-' || c == '+' || Character.isDigit(c)) {
                    yield number();
                }
                if (Character.isLetter(c) || c == '_') {
                    yield name();
                }
                throw new SyntaxError("invalid syntax");
            }
        };
    }

    private List<Object> sequence(char open, char close) {
        pos++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == close) {
                pos++;
                return items;
            }
            items.add(value());
            skipSpace();
            char next = peek();
            if (next == ',') {
                pos++;
            } else if (next != close) {
                throw new SyntaxError("invalid syntax");
            }
        }
    }

    private Map<Object, Object> dict() {
        pos++;
        Map<Object, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            Object key = value();
            skipSpace();
            if (peek() != ':') {
                throw new SyntaxError("invalid syntax");
            }
            pos++;
            map.put(key, value());
            skipSpace();
            char next = peek();
            if (next == ',') {
                pos++;
            } else if (next != '}') {
                throw new SyntaxError("invalid syntax");
            }
        }
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return out.toString();
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '0' -> out.append('\0');
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        throw new SyntaxError("EOL while scanning string literal");
    }

    private Object number() {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || ".eE_".indexOf(text.charAt(pos)) >= 0)) {
            pos++;
        }
        String literal = text.substring(start, pos).replace("_", "");
        try {
            return literal.matches("[-+]?\\d+")
                    ? (Object) Long.parseLong(literal)
                    : (Object) Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            throw new SyntaxError("invalid syntax");
        }
    }

    private Object name() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        String name = text.substring(start, pos);
        return switch (name) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> null;
            default -> {
                skipSpace();
                if (pos < text.length()) {
                    throw new SyntaxError("invalid syntax");
                }
                throw new NameError(name);
            }
        };
    }

    private char peek() {
        if (pos >= text.length()) {
            throw new SyntaxError("unexpected EOF while parsing");
        }
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }
}
