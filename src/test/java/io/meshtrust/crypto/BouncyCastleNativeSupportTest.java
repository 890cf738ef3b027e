package io.meshtrust.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * The native-image registrations of {@link BouncyCastleNativeSupport}, checked on the JVM: Bouncy Castle's provider is
 * loaded in a class loader that refuses every {@code *$Mappings} class the registration does not list, which is what
 * a native image does to class loading by name (nothing else differs: classes Bouncy Castle references directly are
 * in the image anyway). With the registered set, the provider parses Kuma's empty-name certificates and returns their
 * keys; without any one of the registered mappings it does not. That the service class itself
 * ({@code x509.CertificateFactory}) needs registering follows from {@code Provider.Service.newInstance} creating it by
 * name, which the JVM cannot show.
 */
class BouncyCastleNativeSupportTest {

    static final String X509_MAPPINGS = "org.bouncycastle.jcajce.provider.asymmetric.X509$Mappings";
    static final String RSA_MAPPINGS = "org.bouncycastle.jcajce.provider.asymmetric.RSA$Mappings";
    static final String EC_MAPPINGS = "org.bouncycastle.jcajce.provider.asymmetric.EC$Mappings";

    static Set<String> registered() {
        return Arrays.stream(BouncyCastleNativeSupport.class
                        .getAnnotation(RegisterForReflection.class)
                        .targets())
                .map(Class::getName)
                .collect(Collectors.toSet());
    }

    @Test
    void registersTheMappingsAndTheCertificateFactoryService() {
        assertThat(registered())
                .containsExactlyInAnyOrder(
                        X509_MAPPINGS,
                        RSA_MAPPINGS,
                        EC_MAPPINGS,
                        org.bouncycastle.jcajce.provider.asymmetric.x509.CertificateFactory.class.getName());
    }

    @Test
    void registeredClassesAreEnoughToParseKumaCertificatesAndReadTheirKeys() throws Exception {
        for (KeyType keyType : KeyType.values()) {
            X509Certificate original = kumaSelfSigned(keyType);
            Provider provider = nativeLikeProvider(registered());

            X509Certificate parsed = parse(provider, original);

            assertThat(parsed.getSubjectX500Principal().getName())
                    .as(keyType.name())
                    .isEmpty();
            assertThat(parsed.getPublicKey()).as(keyType.name()).isEqualTo(original.getPublicKey());
        }
    }

    @Test
    void withoutX509MappingsTheProviderHasNoCertificateFactory() throws Exception {
        Provider provider = nativeLikeProvider(without(X509_MAPPINGS));

        assertThat(provider.getService("CertificateFactory", "X.509")).isNull();
    }

    @Test
    void withoutTheKeyMappingsParsedCertificatesHaveNoKey() throws Exception {
        assertThat(parse(nativeLikeProvider(without(RSA_MAPPINGS)), kumaSelfSigned(KeyType.rsa))
                        .getPublicKey())
                .isNull();
        assertThat(parse(nativeLikeProvider(without(EC_MAPPINGS)), kumaSelfSigned(KeyType.ecdsa))
                        .getPublicKey())
                .isNull();
    }

    /**
     * Quarkus initialises classes at image build time by default, so {@code EmptyNameCertificates}' provider may be
     * created by the image builder and stored in the image heap; GraalVM refuses a heap holding a {@code Random} (its
     * seed would be frozen). Constructing the provider and parsing a certificate leave none in Bouncy Castle's static
     * state.
     */
    @Test
    void theProviderLeavesNoRandomInStaticState() throws Exception {
        Set<String> loaded = new HashSet<>();
        Provider provider = nativeLikeProvider(registered(), loaded);
        parse(provider, kumaSelfSigned(KeyType.rsa)).getPublicKey();

        List<String> randoms = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String name : List.copyOf(loaded)) {
            Class<?> type = Class.forName(name, false, provider.getClass().getClassLoader());
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                    field.setAccessible(true);
                    findRandoms(field.get(null), name + "." + field.getName(), seen, randoms, 0);
                }
            }
        }
        findRandoms(provider, "provider", seen, randoms, 0);
        assertThat(loaded).contains(X509_MAPPINGS);
        assertThat(randoms).isEmpty();
    }

    private static void findRandoms(Object value, String path, Set<Object> seen, List<String> found, int depth)
            throws IllegalAccessException {
        if (value == null || depth > 12 || !seen.add(value)) {
            return;
        }
        if (value instanceof Random) {
            found.add(path + " (" + value.getClass().getName() + ")");
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                findRandoms(entry.getKey(), path + "{key}", seen, found, depth + 1);
                findRandoms(entry.getValue(), path + "[" + entry.getKey() + "]", seen, found, depth + 1);
            }
        } else if (value instanceof Iterable<?> items) {
            for (Object item : items) {
                findRandoms(item, path + "[]", seen, found, depth + 1);
            }
        } else if (value instanceof Object[] items) {
            for (Object item : items) {
                findRandoms(item, path + "[]", seen, found, depth + 1);
            }
        }
        // A ThreadLocal's values live in threads, which are not part of the image heap: not walked (and get() would
        // create one).
        // Fields of Bouncy Castle's classes (and of any other class open to reflection); the JDK's are closed to it
        // and walked above by type.
        for (Class<?> type = value.getClass();
                type != null && !type.getName().startsWith("java.");
                type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())
                        && !field.getType().isPrimitive()
                        && field.trySetAccessible()) {
                    findRandoms(field.get(value), path + "." + field.getName(), seen, found, depth + 1);
                }
            }
        }
    }

    private static Set<String> without(String name) {
        Set<String> names = new HashSet<>(registered());
        names.remove(name);
        return names;
    }

    private static X509Certificate kumaSelfSigned(KeyType keyType) {
        return SelfSignedCertificates.generate(keyType, CertType.server, List.of("localhost"), Instant.now())
                .certificate();
    }

    private static X509Certificate parse(Provider provider, X509Certificate certificate) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509", provider)
                .generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
    }

    /** A fresh Bouncy Castle (its static tables included) that can load by name only the given mappings. */
    private static Provider nativeLikeProvider(Set<String> loadableMappings) throws Exception {
        return nativeLikeProvider(loadableMappings, new HashSet<>());
    }

    private static Provider nativeLikeProvider(Set<String> loadableMappings, Set<String> loaded) throws Exception {
        URL bcprov =
                BouncyCastleProvider.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader loader = new URLClassLoader(new URL[] {bcprov}, ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.endsWith("$Mappings") && !loadableMappings.contains(name)) {
                    throw new ClassNotFoundException(name + " is not registered for reflection");
                }
                Class<?> type = super.loadClass(name, resolve);
                if (type.getClassLoader() == this) {
                    loaded.add(name);
                }
                return type;
            }
        };
        Provider provider = (Provider) loader.loadClass(BouncyCastleProvider.class.getName())
                .getConstructor()
                .newInstance();
        assertThat(provider.getClass().getClassLoader()).isSameAs(loader);
        return provider;
    }
}
