package org.orderhub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A separate JVM on this test's classpath, so it can be killed with SIGKILL like a crashing server. */
public final class HubProcess implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private HubProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }, "hub-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code mainClass} with these {@code -D} settings and arguments; stderr joins stdout. */
    public static HubProcess start(Class<?> mainClass, List<String> systemProperties, String... args) throws IOException {
        return start(mainClass, systemProperties, java.util.Map.of(), args);
    }

    /** As above, with extra environment variables. */
    public static HubProcess start(Class<?> mainClass, List<String> systemProperties,
                                   java.util.Map<String, String> environment, String... args) throws IOException {
        return start(List.of("-Xmx512m"), mainClass, systemProperties, environment, args);
    }

    /** As above, with these JVM options (heap size and the like). */
    public static HubProcess start(List<String> jvmOptions, Class<?> mainClass, List<String> systemProperties,
                                   java.util.Map<String, String> environment, String... args) throws IOException {
        return startIn(null, jvmOptions, mainClass, systemProperties, environment, args);
    }

    /** As above, in this working directory (its application.properties, routes/ and mappings/), as an operator runs it. */
    public static HubProcess startIn(java.nio.file.Path directory, List<String> jvmOptions, Class<?> mainClass,
                                     List<String> systemProperties, java.util.Map<String, String> environment,
                                     String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.javaBinary());
        command.addAll(jvmOptions);
        systemProperties.forEach(p -> command.add("-D" + p));
        if (systemProperties.stream().noneMatch(p -> p.startsWith("orderhub.outbound.allowed-hosts="))
                && !environment.containsKey("ORDERHUB_OUTBOUND_ALLOWED_HOSTS")) {
            command.add("-Dorderhub.outbound.allowed-hosts=" + RunningHub.LOCAL_FAKES); // the tests' fakes are local
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        return new HubProcess(builder.start());
    }

    /** The status the load balancers' probe /observe/health/ready answers on this port, or -1 while nothing listens. */
    public static int healthStatus(int port) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/observe/health/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }

    public List<String> output() {
        return output;
    }

    public long outputLinesContaining(String text) {
        return output.stream().filter(l -> l.contains(text)).count();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hooks, no flushing, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: a normal shutdown. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(30).toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Kills the hub if it still runs and keeps its log in target/hub-logs for LogPrivacyIT. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        try {
            java.nio.file.Path logs = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "hub-logs"));
            java.nio.file.Files.write(logs.resolve("hub-" + process.pid() + ".log"), List.copyOf(output));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final class Path {
        static String javaBinary() {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }
}
