package io.benchline.simulator.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellLineTests {

    private static ShellLine parse(String line) {
        return ShellLine.parse(line, "/home/frappe");
    }

    @Test
    void singleAndDoubleQuotesMakeOneWord() {
        ShellLine line = parse("bench --site s execute m --args \"['Administrator']\" --kwargs '{\"a\": 1}'");

        assertThat(line.refused()).isFalse();
        assertThat(line.commands())
                .containsExactly(List.of(
                        "bench",
                        "--site",
                        "s",
                        "execute",
                        "m",
                        "--args",
                        "['Administrator']",
                        "--kwargs",
                        "{\"a\": 1}"));
    }

    @Test
    void backslashEscapesOutsideAndInsideDoubleQuotes() {
        ShellLine line = parse("bench set-admin-password a\\ b \"c\\\"d\\\\e\" 'f\\g'");

        assertThat(line.commands().get(0)).containsExactly("bench", "set-admin-password", "a b", "c\"d\\e", "f\\g");
    }

    @Test
    void adjacentQuotedPartsJoinIntoOneWord() {
        assertThat(parse("bench x'y'\"z\"").commands().get(0)).containsExactly("bench", "xyz");
    }

    @Test
    void andAndSplitsCommandsAndALeadingTildeIsTheHome() {
        ShellLine line = parse("cd ~/frappe-bench && bench --version");

        assertThat(line.commands())
                .containsExactly(List.of("cd", "/home/frappe/frappe-bench"), List.of("bench", "--version"));
        assertThat(line.words()).containsExactly("cd", "/home/frappe/frappe-bench", "&&", "bench", "--version");
    }

    @Test
    void quotedMetacharactersAreJustText() {
        ShellLine line = parse("bench --site s set-config k 'a;b|c>d`e$(f)&g'");

        assertThat(line.refused()).isFalse();
        assertThat(line.commands().get(0)).endsWith("a;b|c>d`e$(f)&g");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bench --version; rm -rf /",
                "bench --version | cat",
                "bench --version > /tmp/x",
                "bench --site s < /etc/passwd",
                "bench --site `whoami` list-apps",
                "bench --site $(whoami) list-apps",
                "bench --site \"$(whoami)\" list-apps",
                "bench --site \"`id`\" list-apps",
                "bench --version & rm -rf /",
                "bench --version || rm -rf /",
                "bench --version\nrm -rf /",
                "bench --site $HOME list-apps",
                "bench --version # comment",
                "(bench --version)"
            })
    void unquotedShellSyntaxRefusesTheWholeLine(String injected) {
        ShellLine line = parse(injected);

        assertThat(line.refused()).isTrue();
        assertThat(line.commands()).isEmpty();
        assertThat(line.refusal()).startsWith("sh: 1: ");
    }

    @Test
    void unterminatedQuotesAndDanglingAndAndAreSyntaxErrors() {
        assertThat(parse("bench 'oops").refusal()).contains("Unterminated quoted string");
        assertThat(parse("bench \"oops").refusal()).contains("Unterminated quoted string");
        assertThat(parse("&& bench").refusal()).contains("\"&&\" unexpected");
        assertThat(parse("bench &&").refusal()).contains("end of file unexpected");
    }
}
