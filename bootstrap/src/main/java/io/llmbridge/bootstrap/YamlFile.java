package io.llmbridge.bootstrap;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the YAML configuration into plain values. SnakeYAML is read directly rather than through
 * Helidon Config, which splits keys on dots ({@code gpt-4.1} would become {@code gpt-4 -> 1})
 * and turns every scalar into a string (a {@code param_config} value must keep its JSON type).
 */
final class YamlFile {
    private YamlFile() {
    }

    static Map<String, Object> read(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = yaml.load(reader);
            if (document == null) {
                throw new ConfigProblem(file.toString(), null, "the file is empty");
            }
            if (!(document instanceof Map<?, ?> map)) {
                throw new ConfigProblem(file.toString(), null, "the top level must be a mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) map;
            return root;
        } catch (NoSuchFileException e) {
            throw new ConfigProblem(file.toString(), null, "the file does not exist");
        } catch (IOException e) {
            throw new ConfigProblem(file.toString(), null, "cannot be read: " + e.getMessage());
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new ConfigProblem(file.toString(), "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1),
                    "invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigProblem(file.toString(), null, "invalid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
