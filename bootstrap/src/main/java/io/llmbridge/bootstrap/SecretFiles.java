package io.llmbridge.bootstrap;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Docker and Kubernetes secrets convention: a secret variable {@code X} may instead be given
 * as {@code X_FILE}, the path of a file holding it (trailing line breaks dropped).
 *
 * <p>Only secret names take part ({@code *_API_KEY}, {@code *_API_KEYS}, {@code *_PASSWORD}, and
 * the proxy URLs and {@code LIMITS_REDIS_URL}, which may carry a password): other {@code _FILE} variables are common in
 * containers ({@code SSL_CERT_FILE}, the gateway's own {@code LLM_BRIDGE_ENV_FILE}) and are not
 * secrets to be read in.
 */
final class SecretFiles {
    static final String SUFFIX = "_FILE";
    private static final List<String> SECRET_ENDINGS = List.of("_API_KEY", "_API_KEYS", "_PASSWORD");
    private static final List<String> SECRET_NAMES = List.of("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy",
            LimitsSection.REDIS_URL_VARIABLE);

    private SecretFiles() {
    }

    /** The environment with every secret {@code X_FILE} replaced by {@code X} holding the file's content. */
    static Map<String, String> resolve(Map<String, String> environment) {
        Map<String, String> resolved = new HashMap<>(environment);
        environment.forEach((name, path) -> {
            if (!name.endsWith(SUFFIX)) {
                return;
            }
            String secret = name.substring(0, name.length() - SUFFIX.length());
            if (!isSecret(secret)) {
                return;
            }
            // A blank X counts as unset: compose files and .env templates often declare it empty.
            String direct = environment.get(secret);
            if (direct != null && !direct.isBlank()) {
                throw new ConfigProblem("environment", name, "both " + secret + " and " + name + " are set; keep one");
            }
            resolved.remove(name);
            resolved.put(secret, read(name, path));
        });
        return resolved;
    }

    static boolean isSecret(String name) {
        return SECRET_NAMES.contains(name) || SECRET_ENDINGS.stream().anyMatch(name::endsWith);
    }

    /** The file's text; an error names the variable and the path, never anything read. */
    private static String read(String variable, String path) {
        if (path.isBlank()) {
            throw new ConfigProblem("environment", variable, "is empty; it must name a file");
        }
        if (Files.isDirectory(Path.of(path))) {
            throw new ConfigProblem("environment", variable, "cannot read " + path + ": it is a directory");
        }
        try {
            return Files.readString(Path.of(path)).replaceFirst("[\r\n]+$", "");
        } catch (NoSuchFileException e) {
            throw new ConfigProblem("environment", variable, "cannot read " + path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigProblem("environment", variable, "cannot read " + path + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new ConfigProblem("environment", variable, "cannot read " + path + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigProblem("environment", variable, "cannot read " + path + ": " + e.getClass().getSimpleName());
        }
    }
}
