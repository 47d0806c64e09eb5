package io.llmbridge.adapter.support.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NoProxyRuleTest {
    @ParameterizedTest(name = "NO_PROXY={0}: {1}:{2} bypasses: {3}")
    @CsvSource(delimiter = '|', value = {
            "*                       | api.openai.com    | 443  | true",
            "example.com             | example.com       | 443  | true",
            "example.com             | api.example.com   | 443  | true",
            "example.com             | notexample.com    | 443  | false",
            ".example.com            | example.com       | 443  | true",
            "*.example.com           | api.example.com   | 443  | true",
            "EXAMPLE.com             | Api.Example.COM   | 443  | true",
            "example.com:8443        | example.com       | 443  | false",
            "example.com:8443        | example.com       | 8443 | true",
            "10.0.0.0/8              | 10.20.30.40       | 80   | true",
            "10.0.0.0/8              | 11.0.0.1          | 80   | false",
            "10.0.0.0/8              | ten.example       | 80   | false",
            "192.168.1.7             | 192.168.1.7       | 80   | true",
            "::1                     | [::1]             | 80   | true",
            "[::1]:8080              | [::1]             | 8080 | true",
            "[::1]:8080              | [::1]             | 80   | false",
            "fd00::/8                | [fd12::1]         | 80   | true",
            "localhost, .corp.local  | llm.corp.local    | 443  | true",
            "'  '                    | example.com       | 443  | false",
    })
    void follows_curls_reading_of_no_proxy(String noProxy, String host, int port, boolean bypasses) {
        assertEquals(bypasses, NoProxyRule.bypasses(List.of(noProxy.split(",")), host, port));
    }
}
