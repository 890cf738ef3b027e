package io.meshtrust.crypto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.bouncycastle.jcajce.provider.asymmetric.EC;
import org.bouncycastle.jcajce.provider.asymmetric.RSA;
import org.bouncycastle.jcajce.provider.asymmetric.X509;
import org.bouncycastle.jcajce.provider.asymmetric.x509.CertificateFactory;

/**
 * What a native image needs for the Bouncy Castle provider meshtrust uses without installing it JVM-wide
 * ({@link EmptyNameCertificates}). Quarkus registers Bouncy Castle for reflection only when it is a configured security
 * provider ({@code quarkus.security.security-providers}), which would also install it for the whole JVM; so the
 * classes Bouncy Castle loads by name on that path are listed here, each for the reason given.
 *
 * <p>A {@code BouncyCastleProvider} is constructed in the running image even though Quarkus initialises
 * {@code EmptyNameCertificates} at build time by default: Bouncy Castle's own {@code x509.CertificateFactory} creates one
 * through {@code BCJcaJceHelper} on first use. The JVM-side proof that this set is enough, and that each mapping is
 * needed, is {@code BouncyCastleNativeSupportTest}.
 */
@RegisterForReflection(
        methods = false,
        fields = false,
        ignoreNested = true,
        targets = {
            // A new BouncyCastleProvider fills its tables by loading "<package><name>$Mappings" by name and calling
            // the no-arg constructor; a class missing from the image is skipped silently. X509$Mappings declares
            // CertificateFactory.X.509, the only service meshtrust asks that provider for
            // (EmptyNameCertificates.converter()).
            X509.Mappings.class,
            // RSA$Mappings and EC$Mappings put the RSA and EC key decoders into the provider's static table that
            // Bouncy Castle's X509Certificate.getPublicKey() reads; without them it returns null for every certificate
            // the converter or the handshake provider parses (meshtrust's keys are RSA or EC).
            RSA.Mappings.class,
            EC.Mappings.class,
            // CertificateFactory.getInstance("X.509", provider) instantiates the service class by name
            // (Provider.Service.newInstance). EmptyNameCertificates.X509Provider constructs it directly and needs
            // nothing.
            CertificateFactory.class
        })
final class BouncyCastleNativeSupport {

    private BouncyCastleNativeSupport() {}
}
