package com.aperilex.flow;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.domain.TaskId;
import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * The allowed dependencies between packages, over the main classes of both modules: the service's and
 * processors' (a classes folder under {@code mvn test}, a jar under {@code mvn verify}; tests are not imported).
 *
 * <p>Packages of the same name in both modules (intake, pipeline, storage, ...) are one slice; which module a
 * class comes from is told by its code source, the place {@link TaskId} was loaded from.
 */
@AnalyzeClasses(locations = ArchitectureTest.BothModules.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    static {
        // The rules look only at the packages of what the service's classes use: reading the whole Spring, Camel
        // and AWS class path behind them too would make this test take most of a minute for nothing.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    }

    private static final String ROOT = "com.aperilex.flow";
    private static final String API = "com.aperilex.flow.api..";
    private static final String WIRING = "com.aperilex.flow.wiring..";
    private static final String DOMAIN = "com.aperilex.flow.domain..";
    private static final String PROBLEM = "com.aperilex.flow.problem..";
    private static final String CONFIG = "com.aperilex.flow.config..";

    /** Where the processors module's classes are loaded from: its target/classes folder or its jar. */
    private static final Path PROCESSORS_LOCATION = codeSource(TaskId.class);

    private static final DescribedPredicate<JavaClass> FROM_PROCESSORS = DescribedPredicate.describe(
            "come from the processors module",
            c -> c.getSource().map(s -> file(s.getUri()).startsWith(PROCESSORS_LOCATION)).orElse(false));

    /** The rules below would pass on nothing: make sure both modules are really imported. */
    @ArchTest
    static void importsTheMainClassesOfBothModules(JavaClasses classes) {
        assertThat(classes.contain(TaskId.class)).as("processors' TaskId is imported").isTrue();
        assertThat(classes.contain(AperilexFlowApplication.class)).as("the service's main class is imported").isTrue();
        assertThat(FROM_PROCESSORS.test(classes.get(TaskId.class)))
                .as("TaskId, from %s, is told as a processors class (%s)",
                        classes.get(TaskId.class).getSource(), PROCESSORS_LOCATION)
                .isTrue();
        assertThat(FROM_PROCESSORS.test(classes.get(AperilexFlowApplication.class)))
                .as("the service's classes are not told as processors classes").isFalse();
        assertThat(classes.stream().filter(c -> c.getName().endsWith("Test")))
                .as("no test class is imported").isEmpty();
    }

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching(ROOT + ".(*)..")
            .should().beFreeOfCycles()
            .because("a package that reaches back into one that uses it cannot be understood, tested or moved on "
                    + "its own; shared vocabulary goes down into domain, problem or message");

    @ArchTest
    static final ArchRule processorsKnowNothingOfSpringOrCamel = noClasses().that(FROM_PROCESSORS)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..")
            .because("processors are plain Java steps the routes call: they are unit-tested and benchmarked "
                    + "without a Spring context or a Camel exchange");

    @ArchTest
    static final ArchRule theHttpEdgeIsOnTop = noClasses().that().resideOutsideOfPackages(API, WIRING)
            .should().dependOnClassesThat().resideInAPackage(API)
            .because("the HTTP edge calls intake and queries, never the other way round: what it answers "
                    + "(status, links, problem documents) is its own business");

    @ArchTest
    static final ArchRule nothingButTheApplicationDependsOnWiring = noClasses()
            .that().resideOutsideOfPackages(ROOT, WIRING)
            .should().dependOnClassesThat().resideInAPackage(WIRING)
            .because("wiring holds the Spring @Configuration classes that put the parts together: a part that "
                    + "needs the wiring cannot be built without the whole service");

    @ArchTest
    static final ArchRule theKernelDependsOnNoOtherPackage = noClasses().that().resideInAnyPackage(DOMAIN, PROBLEM)
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                    .and(resideOutsideOfPackages(DOMAIN, PROBLEM))
                    .as("reside in another com.aperilex.flow package"))
            .because("domain and problem are the kernel every other package speaks in: they must not pull "
                    + "any of them in");

    @ArchTest
    static final ArchRule configurationDependsOnlyOnDomain = classes().that().resideInAPackage(CONFIG)
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage(CONFIG, DOMAIN, "java..", "jakarta..", "org.springframework..")
            .because("the @ConfigurationProperties records are read by every part of the service: they may "
                    + "speak only in domain types, or they drag the parts they name into each other");

    /** Just the two modules' main classes, not every jar on the class path that might hold the package. */
    static final class BothModules implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Set.of(location(codeSource(TaskId.class)), location(codeSource(AperilexFlowApplication.class)));
        }

        private static Location location(Path classes) {
            if (Files.isDirectory(classes)) {
                return Location.of(classes);
            }
            try {
                return Location.of(new JarFile(classes.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return file(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file a class file URI points into: the classes folder's file itself, or the jar it is in. */
    private static Path file(URI uri) {
        if ("jar".equals(uri.getScheme())) {
            String inJar = uri.getRawSchemeSpecificPart();
            uri = URI.create(inJar.substring(0, inJar.indexOf("!/")));
        }
        return Path.of(uri).toAbsolutePath().normalize();
    }
}
