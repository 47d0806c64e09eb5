package io.llmbridge.bootstrap;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.OnionArchitecture;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rings of ARCHITECTURE.md, checked on the compiled classes of every module. Plain Jupiter
 * tests call the rules: ArchUnit's own JUnit engine was silently not run by Surefire here.
 */
class ArchitectureTest {
    /** {@code io.llmbridge.adapter.in.http.x} → group 1 {@code in.http}: the adapter a class belongs to. */
    private static final Pattern ADAPTER_PACKAGE = Pattern.compile("io\\.llmbridge\\.adapter\\.((?:in|out)\\.[^.]+).*");

    private static JavaClasses classes;
    private static SortedSet<String> adapters;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.llmbridge");
        adapters = adapters(classes.stream().map(JavaClass::getPackageName));
    }

    /** The adapters ({@code in.http}, {@code out.openai}, …) that the given packages belong to. */
    private static SortedSet<String> adapters(Stream<String> packageNames) {
        return packageNames.map(ADAPTER_PACKAGE::matcher).filter(Matcher::matches).map(m -> m.group(1))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every adapter found on the class path is a ring of its own, so a new module needs no edit here. */
    private static ArchRule ringsOfEveryAdapter() {
        OnionArchitecture rings = onionArchitecture()
                .domainModels("io.llmbridge.domain..")
                .applicationServices("io.llmbridge.application..");
        for (String adapter : adapters) {
            rings = rings.adapter(adapter, "io.llmbridge.adapter." + adapter + "..");
        }
        return rings.withOptionalLayers(true)
                // Shared adapter libraries (support) speak the domain's language, like the adapters they serve.
                .ignoreDependency(resideInAPackage("io.llmbridge.adapter.support.."), resideInAPackage("io.llmbridge.domain.."))
                // The composition root is the one place that knows every ring.
                .ignoreDependency(resideInAPackage("io.llmbridge.bootstrap.."), DescribedPredicate.alwaysTrue())
                // The outbound HTTP library reads the settings the provider port hands every adapter;
                // what else it may see is SHARED_HTTP_SUPPORT_SEES_PORTS_ONLY's business.
                .ignoreDependency(resideInAPackage("io.llmbridge.adapter.support.http.."),
                        resideInAnyPackage("io.llmbridge.application.port.out..", "io.llmbridge.domain.."));
    }

    private static final ArchRule DOMAIN_USES_THE_JDK_ONLY = classes().that().resideInAPackage("io.llmbridge.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.llmbridge.domain..", "java..");

    private static final ArchRule APPLICATION_KNOWS_NO_FRAMEWORK = noClasses().that().resideInAPackage("io.llmbridge.application..")
            .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "jakarta..", "org.eclipse..", "org.slf4j..",
                    "ch.qos.logback..", "io.opentelemetry..", "io.llmbridge.adapter..", "io.llmbridge.bootstrap..");

    private static final ArchRule ADAPTERS_SEE_PORTS_NOT_SERVICES = noClasses().that().resideInAPackage("io.llmbridge.adapter..")
            .should().dependOnClassesThat().resideInAnyPackage("io.llmbridge.application.service..", "io.llmbridge.bootstrap..");

    private static final ArchRule ADAPTERS_DO_NOT_KNOW_EACH_OTHER = SlicesRuleDefinition.slices()
            .matching("io.llmbridge.adapter.(in|out).(*)..").namingSlices("adapter $1.$2")
            .should().notDependOnEachOther();

    private static final ArchRule SHARED_JSON_SUPPORT_KNOWS_NO_ADAPTER = noClasses().that().resideInAPackage("io.llmbridge.adapter.support.json..")
            .should().dependOnClassesThat().resideInAnyPackage("io.llmbridge.adapter.in..", "io.llmbridge.adapter.out..",
                    "io.llmbridge.application..", "io.llmbridge.bootstrap..");

    /** It reads the provider settings a port hands every adapter, and nothing of any adapter or service. */
    private static final ArchRule SHARED_HTTP_SUPPORT_SEES_PORTS_ONLY = noClasses().that().resideInAPackage("io.llmbridge.adapter.support.http..")
            .should().dependOnClassesThat().resideInAnyPackage("io.llmbridge.adapter.in..", "io.llmbridge.adapter.out..",
                    "io.llmbridge.adapter.support.json..", "io.llmbridge.application.service..", "io.llmbridge.application.port.in..",
                    "io.llmbridge.bootstrap..");

    /** Proxy, TLS and pooling come from the shared library, so every provider reaches the network alike. */
    private static final ArchRule PROVIDERS_BUILD_NO_HTTP_CLIENT_OF_THEIR_OWN = noClasses().that().resideInAPackage("io.llmbridge.adapter.out..")
            .should().callMethod(io.helidon.webclient.api.WebClient.class, "builder")
            .orShould().dependOnClassesThat().belongToAnyOf(io.helidon.webclient.api.Proxy.class,
                    io.helidon.webclient.api.WebClientConfig.class, io.helidon.webclient.api.WebClientConfig.Builder.class,
                    io.helidon.common.tls.Tls.class, io.helidon.common.tls.TlsConfig.class);

    private static final ArchRule ONLY_ADAPTERS_USE_THE_SHARED_LIBRARIES = noClasses().that()
            .resideInAnyPackage("io.llmbridge.domain..", "io.llmbridge.application..")
            .should().dependOnClassesThat().resideInAPackage("io.llmbridge.adapter.support..");

    @Test
    void rings() {
        ringsOfEveryAdapter().check(classes);
    }

    /**
     * The rings are only as good as the discovery: an adapter module that bootstrap does not
     * depend on, or whose package is misspelt, would be outside them without a word.
     */
    @Test
    void every_adapter_module_in_the_source_tree_is_under_the_rings() throws IOException {
        SortedSet<String> inSources;
        try (Stream<Path> modules = Files.list(Path.of("..").toAbsolutePath().normalize())) {
            inSources = adapters(modules.filter(module -> module.getFileName().toString().startsWith("adapters-"))
                    .map(module -> module.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .flatMap(ArchitectureTest::packageNames));
        }
        assertTrue(inSources.containsAll(Set.of("in.http", "in.ws", "out.openai")), "adapters in the sources: " + inSources);
        assertEquals(inSources, adapters, "adapters in the sources vs. on bootstrap's class path");
    }

    private static Stream<String> packageNames(Path sourceRoot) {
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .map(file -> sourceRoot.relativize(file.getParent()).toString().replace(File.separatorChar, '.'))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void domain_uses_the_jdk_only() {
        DOMAIN_USES_THE_JDK_ONLY.check(classes);
    }

    @Test
    void application_knows_no_framework() {
        APPLICATION_KNOWS_NO_FRAMEWORK.check(classes);
    }

    @Test
    void adapters_see_ports_not_services() {
        ADAPTERS_SEE_PORTS_NOT_SERVICES.check(classes);
    }

    @Test
    void adapters_do_not_know_each_other() {
        ADAPTERS_DO_NOT_KNOW_EACH_OTHER.check(classes);
    }

    @Test
    void shared_json_support_knows_no_adapter() {
        SHARED_JSON_SUPPORT_KNOWS_NO_ADAPTER.check(classes);
    }

    @Test
    void shared_http_support_sees_ports_only() {
        SHARED_HTTP_SUPPORT_SEES_PORTS_ONLY.check(classes);
    }

    @Test
    void providers_build_no_http_client_of_their_own() {
        PROVIDERS_BUILD_NO_HTTP_CLIENT_OF_THEIR_OWN.check(classes);
    }

    @Test
    void only_adapters_use_the_shared_libraries() {
        ONLY_ADAPTERS_USE_THE_SHARED_LIBRARIES.check(classes);
    }
}
