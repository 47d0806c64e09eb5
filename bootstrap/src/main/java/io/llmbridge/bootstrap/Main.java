package io.llmbridge.bootstrap;

import io.helidon.metrics.api.MeterRegistry;
import io.llmbridge.application.port.out.ChatRecorder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts the gateway: {@code --config PATH} (or {@code LLM_BRIDGE_CONFIG}, default
 * {@code configs/config.yaml}); variables from {@code .env} (or {@code LLM_BRIDGE_ENV_FILE}),
 * where the real environment wins; a secret may be given as a file instead ({@link SecretFiles}).
 */
public final class Main {
    static final String DEFAULT_CONFIG = "configs/config.yaml";

    private Main() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        try {
            Gateway gateway = start(args, System.getenv());
            // One hook, in order, however the JVM exits: the server stops (streams in flight end
            // and are audited), then the audit writes out its queue, then the application log closes.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                gateway.close();
                LoggingSetup.stop();
            }, "llm-bridge-shutdown"));
            drainOnSignals(gateway);
        } catch (ConfigProblem e) {
            System.err.println("llm-bridge: configuration error: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * SIGTERM and SIGINT drain the gateway, then exit 0 (through the hook above); a second one
     * skips what is left of the drain's waits. Signal handlers rather than a shutdown hook: a hook
     * cannot tell the second signal from the first, and a JVM stopped by a signal exits 143, which
     * orchestrators report as a failure.
     */
    private static void drainOnSignals(Gateway gateway) {
        AtomicBoolean signalled = new AtomicBoolean();
        SignalHandler handler = signal -> {
            if (signalled.compareAndSet(false, true)) {
                Thread.ofPlatform().name("llm-bridge-drain").start(() -> {
                    try {
                        gateway.drain();
                    } finally {
                        System.exit(0); // the hook still stops the server and writes out the audit
                    }
                });
            } else {
                gateway.hurry();
            }
        };
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }

    /** Reads the configuration and starts serving; fails with {@link ConfigProblem} before listening. */
    static Gateway start(String[] args, Map<String, String> realEnvironment) {
        return start(args, realEnvironment, List.of());
    }

    /** The same, with recorders that hear of every finished request after the gateway's own. */
    static Gateway start(String[] args, Map<String, String> realEnvironment, List<? extends ChatRecorder> observers) {
        Path configFile = Path.of(configPath(args, realEnvironment));
        CompletableFuture<MeterRegistry> metrics = ObserveEndpoints.metricsRegistry();
        Path envFile = Path.of(realEnvironment.getOrDefault("LLM_BRIDGE_ENV_FILE", ".env"));
        Map<String, String> environment = new HashMap<>(DotEnv.read(envFile));
        environment.putAll(realEnvironment);
        environment = SecretFiles.resolve(environment);
        GatewayConfig config = new ConfigReader(ProviderRegistry.factories().values(),
                warning -> LoggerFactory.getLogger(Main.class).warn("{}: {}", configFile, warning))
                .read(configFile, environment);
        LoggingSetup.apply(config);
        return Gateway.start(config, environment, metrics, observers);
    }

    private static String configPath(String[] args, Map<String, String> environment) {
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i])) {
                if (i + 1 == args.length) {
                    throw new ConfigProblem("command line", "--config", "needs a file path");
                }
                return args[i + 1];
            }
            if (args[i].startsWith("--config=")) {
                return args[i].substring("--config=".length());
            }
            throw new ConfigProblem("command line", args[i], "unknown argument; usage: llm-bridge [--config PATH]");
        }
        return environment.getOrDefault("LLM_BRIDGE_CONFIG", DEFAULT_CONFIG);
    }

}
