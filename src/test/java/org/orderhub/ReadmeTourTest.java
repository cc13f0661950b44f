package org.orderhub;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's five-minute tour, as written: the keys of its start command configure a real hub, then
 * every {@code curl} of the tour is sent as it stands (method, headers, body, URL; {@code localhost:8080}
 * becomes the test hub's port) and its answer must match the {@code # ...} line under it ("..." stands
 * for anything). A README edit that breaks a step breaks this test.
 */
class ReadmeTourTest {

    private static final Pattern SH_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ENV = Pattern.compile("\\b(ORDERHUB_[A-Z_]+)=(\\S+)");

    @Test
    void every_step_of_the_five_minute_tour_answers_as_the_readme_shows() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## A five-minute tour");
        assertTrue(start > 0, "README has a five-minute tour");
        String tour = readme.substring(start, readme.indexOf("\n## ", start + 5));
        List<String> blocks = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(tour);
        while (m.find()) {
            blocks.add(m.group(1).replace("\\\n", " "));
        }
        assertTrue(blocks.size() >= 4, "the tour's command blocks: " + blocks.size());

        String launch = blocks.get(0);
        assertTrue(launch.contains("java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar target/orderhub.jar"), launch);
        Map<String, String> variables = new LinkedHashMap<>();
        Matcher env = ENV.matcher(launch);
        while (env.find()) {
            variables.put(env.group(1), env.group(2));
        }
        // Camel reads a setting from the environment variable of its name upper-cased, '.' and '-' as '_'
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : List.of("orderhub.api-keys", "orderhub.admin-keys", "orderhub.flyt.token",
                "orderhub.feed-keys")) {
            String value = variables.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            assertTrue(value != null, "the tour's start command sets " + key + ": " + launch);
            settings.put(key, value);
        }

        HttpClient http = HttpClient.newHttpClient();
        try (RunningHub hub = RunningHub.start(settings)) {
            int steps = 0;
            for (String block : blocks.subList(1, blocks.size())) {
                String answer = null;
                for (String line : block.lines().map(String::trim).toList()) {
                    if (line.startsWith("curl ")) {
                        answer = send(http, words(line.replace("localhost:8080", "127.0.0.1:" + hub.port())));
                        steps++;
                    } else if (line.startsWith("sleep ")) {
                        Thread.sleep((long) (Double.parseDouble(line.split("\\s+")[1]) * 1000));
                    } else if (line.startsWith("# ") && answer != null) {
                        String expected = line.substring(2);
                        String regex = Pattern.quote(expected).replace("...", "\\E.*\\Q");
                        assertTrue(answer.matches(regex), "README shows " + expected + "\nthe hub answered " + answer);
                        answer = null;
                    }
                }
            }
            assertTrue(steps >= 4, "curl steps run: " + steps);
        }
    }

    /** One curl command line (-s, -X, -H, -d, --data-binary @file, the URL): the answer's body. */
    private static String send(HttpClient http, List<String> words) throws Exception {
        String method = null;
        String url = null;
        String body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-s" -> { }
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    String h = words.get(++i);
                    headers.put(h.substring(0, h.indexOf(':')).trim(), h.substring(h.indexOf(':') + 1).trim());
                }
                case "-d", "--data", "--data-binary" -> {
                    String d = words.get(++i);
                    body = d.startsWith("@") ? Files.readString(Path.of(d.substring(1))) : d;
                }
                default -> {
                    assertFalse(w.startsWith("-"), "a curl option the tour test does not know: " + w);
                    url = w;
                }
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(request::header);
        request.method(method != null ? method : body != null ? "POST" : "GET",
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Shell words of a line: single quotes keep what they hold; a # after a space starts a comment. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '\'') {
                quoted = true;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
